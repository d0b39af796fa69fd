"""Words for plausible Chinese personal names in generated data (the demo city, every module's demo step).

Names are data, not translatable text.
"""

# Weighted common surnames (百家姓 frequency, roughly).
SURNAMES = (
    ("王", 72),
    ("李", 71),
    ("张", 68),
    ("刘", 54),
    ("陈", 45),
    ("杨", 32),
    ("黄", 24),
    ("赵", 22),
    ("吴", 21),
    ("周", 20),
    ("徐", 15),
    ("孙", 14),
    ("马", 13),
    ("朱", 13),
    ("胡", 12),
    ("郭", 11),
    ("何", 10),
    ("高", 10),
    ("林", 10),
    ("罗", 9),
    ("郑", 9),
    ("梁", 8),
    ("谢", 6),
    ("宋", 6),
    ("唐", 6),
    ("许", 5),
    ("韩", 5),
    ("冯", 5),
    ("邓", 5),
    ("曹", 5),
    ("彭", 4),
    ("曾", 4),
    ("肖", 4),
    ("田", 4),
    ("董", 4),
    ("袁", 4),
    ("潘", 3),
    ("于", 3),
    ("蒋", 3),
    ("蔡", 3),
    ("余", 3),
    ("杜", 3),
    ("叶", 3),
    ("程", 3),
    ("苏", 3),
    ("魏", 3),
    ("吕", 3),
    ("丁", 3),
    ("任", 2),
    ("沈", 2),
    ("姚", 2),
    ("卢", 2),
    ("姜", 2),
    ("崔", 2),
    ("钟", 2),
    ("谭", 2),
    ("陆", 2),
    ("汪", 2),
    ("范", 2),
    ("金", 2),
    ("石", 2),
    ("廖", 2),
    ("贾", 2),
    ("夏", 2),
    ("韦", 2),
    ("欧阳", 1),
    ("上官", 1),
)

GIVEN_CHARS_MALE = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林斌国建志成海东亮峰松毅晨阳"
GIVEN_CHARS_FEMALE = "芳娜敏静丽艳娟霞秀玲桂英红燕萍婷雪琳晶慧颖佳倩欣月琴兰梅丹蓉悦璐瑶洁冰萱怡"
GIVEN_CHARS_COMMON = "文德春金永嘉子思新立天一世晓小雨振安瑞泽"


def random_name(rng) -> str:
    """A plausible full name drawn from rng (a random.Random): a surname by its frequency, one or two given
    characters. The demo steps' people."""
    surnames, weights = zip(*SURNAMES, strict=True)
    given = GIVEN_CHARS_COMMON + GIVEN_CHARS_MALE + GIVEN_CHARS_FEMALE
    return rng.choices(surnames, weights)[0] + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))
