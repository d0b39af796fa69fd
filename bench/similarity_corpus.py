"""Synthetic Chinese proposals for the similarity benchmarks: distractors and the 1M corpus.

Each text is built from templates over equipment, parts, problems, changes and
benefits across industries, so documents share the same everyday words the real
ones do (降低、提高、改造、设备…) and differ in what they are about. Deterministic
for a given seed: document i is always the same text.
"""

import random

INDUSTRIES = {
    "机械": ("数控车床", "加工中心", "冲床", "折弯机", "剪板机", "龙门铣", "磨床", "钻床", "线切割机", "装配线"),
    "钢铁": ("高炉", "转炉", "连铸机", "轧机", "加热炉", "钢包", "烧结机", "除尘器", "行车", "冷床"),
    "纺织": ("细纱机", "络筒机", "织机", "梳棉机", "并条机", "染色机", "定型机", "浆纱机", "整经机", "验布机"),
    "化工": ("反应釜", "离心机", "精馏塔", "换热器", "压滤机", "储罐", "干燥机", "结晶器", "计量泵", "冷凝器"),
    "电力": ("变压器", "开关柜", "汽轮机", "磨煤机", "给水泵", "引风机", "凝汽器", "输煤皮带", "电除尘", "GIS设备"),
    "建筑": (
        "塔吊",
        "施工升降机",
        "搅拌站",
        "混凝土泵车",
        "脚手架",
        "钢筋弯曲机",
        "盾构机",
        "压路机",
        "模板",
        "挖掘机",
    ),
    "食品": ("灌装机", "杀菌釜", "封口机", "烤炉", "冷库", "清洗机", "包装机", "发酵罐", "均质机", "输送线"),
    "电子": ("贴片机", "回流焊", "波峰焊", "点胶机", "测试台", "插件线", "AOI检测仪", "烘箱", "镭雕机", "老化柜"),
    "交通": ("公交车", "地铁列车", "道岔", "信号机", "冷藏车", "龙门吊", "集装箱正面吊", "装卸桥", "叉车", "洗车机"),
    "采矿": ("采煤机", "掘进机", "刮板输送机", "提升机", "局部通风机", "破碎机", "球磨机", "浮选机", "皮带机", "水泵"),
    "医药": (
        "压片机",
        "胶囊填充机",
        "泡罩包装机",
        "配液罐",
        "冻干机",
        "灯检机",
        "洗瓶机",
        "纯化水系统",
        "制粒机",
        "包衣机",
    ),
    "汽车": ("焊装机器人", "涂装线", "总装线", "拧紧机", "压铸机", "检测线", "输送滑橇", "冲压线", "试验台", "淋雨线"),
}
PARTS = (
    "轴承",
    "密封",
    "皮带",
    "滤网",
    "喷嘴",
    "导轨",
    "丝杠",
    "电缆",
    "传感器",
    "控制柜",
    "操作面板",
    "防护罩",
    "润滑系统",
    "冷却系统",
    "液压系统",
    "气动系统",
    "减速机",
    "电机",
    "阀门",
    "管路",
    "刀具",
    "夹具",
    "模具",
    "托辊",
    "链条",
    "齿轮",
    "联轴器",
    "编码器",
    "加热管",
    "风扇",
)
PROBLEMS = (
    "{part}磨损快，平均每月要更换一次，备件费用高",
    "运行时噪声大，现场超过85分贝",
    "能耗偏高，单位产品电耗高于同行",
    "{part}处经常漏油，地面油污严重",
    "{part}温度过高，夏季频繁报警停机",
    "振动大，影响加工精度和设备寿命",
    "故障频繁，每月非计划停机十多个小时",
    "人工操作劳动强度大，效率低",
    "作业时存在夹伤、碰撞等安全隐患",
    "运行数据靠人工抄录，容易出错且无法追溯",
    "产品尺寸波动大，合格率只有九成左右",
    "粉尘大，工人职业健康受影响",
    "{part}更换需要拆卸大量部件，检修时间长",
    "启动时冲击电流大，多次造成跳闸",
    "调整参数全凭经验，不同班组做法不一",
    "清理残料需要停机，每班耽误半小时",
    "原料浪费多，边角料直接报废",
    "点检记录用纸质表格，漏检无法发现",
)
CHANGES = (
    "加装变频器，根据负荷自动调节转速",
    "将{part}更换为耐磨材料，并优化安装结构",
    "设计专用工装，实现快速定位和装夹",
    "增加在线监测，数据异常时自动报警",
    "采用PLC控制，实现自动启停和联锁保护",
    "加装隔声罩和减振垫",
    "重新设计{part}的布置，减少弯头和死角",
    "增加自动润滑装置，定时定量加油",
    "制作可拆卸防护罩并设置急停按钮",
    "使用二维码记录点检和维修情况，手机扫码填报",
    "优化工艺参数并固化到作业指导书",
    "增加除尘罩和布袋除尘器，粉尘就地收集",
    "加装软启动器，降低启动冲击",
    "改用快换结构，{part}更换时间缩短一半",
    "增加余料回收装置，边角料分类回用",
    "安装视觉检测系统，自动剔除不合格品",
)
BENEFITS = (
    "预计每年节约电费{n}万元",
    "每年减少停机{n}小时",
    "合格率提高到{p}%",
    "每年节约备件费用{n}万元",
    "减少操作人员{k}名",
    "消除一项安全隐患，改善作业环境",
    "作业效率提高{p}%",
)
TITLES = (
    "{equipment}{part}改造",
    "降低{equipment}故障率的改进",
    "{equipment}{short}",
    "关于{equipment}{part}的技术改进",
    "提高{equipment}运行效率",
    "{equipment}节能改造",
)
SHORT = ("自动化改造", "安全防护改进", "在线监测", "工装改进", "节能降耗", "降噪处理", "快速换型")


def proposal_text(index: int, seed: int = 2026) -> tuple[str, str]:
    """(industry, text) of synthetic proposal number `index`."""
    rng = random.Random(seed * 1_000_003 + index)
    industry = rng.choice(tuple(INDUSTRIES))
    equipment = rng.choice(INDUSTRIES[industry])
    part = rng.choice(PARTS)
    title = rng.choice(TITLES).format(equipment=equipment, part=part, short=rng.choice(SHORT))
    problem = rng.choice(PROBLEMS).format(part=part)
    change = rng.choice(CHANGES).format(part=part)
    second = rng.choice(CHANGES).format(part=rng.choice(PARTS))
    benefit = rng.choice(BENEFITS).format(n=rng.randint(2, 60), p=rng.randint(5, 99), k=rng.randint(1, 4))
    workshop = rng.choice(("一车间", "二车间", "三车间", "维修班", "动力车间", "生产线"))
    text = f"{title}\n{workshop}的{equipment}{problem}。建议{change}，同时{second}。{benefit}。"
    return industry, text
