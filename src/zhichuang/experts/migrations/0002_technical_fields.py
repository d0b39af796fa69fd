"""The city's first list of technical fields; the city extends it."""

from django.db import migrations

FIELDS = (
    "数控加工",
    "焊接工艺",
    "电气自动化",
    "液压与气动",
    "设备维修",
    "节能降耗",
    "安全生产",
    "质量管理",
    "化工工艺",
    "软件与信息化",
    "新材料",
    "机械设计",
    "环境保护",
    "物流仓储",
    "建筑施工",
    "电力运维",
    "纺织工艺",
    "食品加工",
    "汽车制造",
    "精益管理",
)


def seed(apps, schema_editor):
    TechnicalField = apps.get_model("experts", "TechnicalField")
    for order, name in enumerate(FIELDS, start=1):
        TechnicalField.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
