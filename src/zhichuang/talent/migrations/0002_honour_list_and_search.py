"""The city's honour list as it starts (the city extends it: /talent/honour-types/), and on PostgreSQL
the full-text search index over the profiles' name, expertise, biography and named methods, the
expression similarity.selectors.matching_text filters on for the talent kind (search_fields in
talent/module.py, in that order)."""

from django.db import migrations

from zhichuang.core.migration_sql import run

SKILL_TECHNICIAN = 2  # 二级/技师
SKILL_SENIOR = 3  # 三级/高级工

HONOURS = [
    # name, category, level, issuing body, rules
    ("全国劳动模范", "model_worker", "national", "中共中央、国务院", [{"rule": "holds_honour", "category": "model_worker", "level": "provincial"}]),
    ("全国五一劳动奖章", "other", "national", "中华全国总工会", []),
    ("中华技能大奖", "technical_expert", "national", "人力资源和社会保障部", [{"rule": "min_skill_level", "level": 1}]),
    ("全国技术能手", "technical_expert", "national", "人力资源和社会保障部", [{"rule": "min_skill_level", "level": SKILL_TECHNICIAN}]),
    ("大国工匠年度人物", "craftsman", "national", "中华全国总工会", [{"rule": "holds_honour", "category": "craftsman", "level": "provincial"}]),
    ("省劳动模范", "model_worker", "provincial", "省人民政府", [{"rule": "results_years", "years": 3}]),
    ("省五一劳动奖章", "other", "provincial", "省总工会", []),
    ("省技术能手", "technical_expert", "provincial", "省人力资源和社会保障厅", [{"rule": "min_skill_level", "level": SKILL_TECHNICIAN}]),
    ("省级工匠", "craftsman", "provincial", "省总工会", [{"rule": "holds_honour", "category": "craftsman", "level": "city"}]),
    ("市劳动模范", "model_worker", "city", "市人民政府", [{"rule": "results_years", "years": 1}]),
    ("市五一劳动奖章", "other", "city", "市总工会", []),
    ("市技术能手", "technical_expert", "city", "市人力资源和社会保障局", [{"rule": "min_skill_level", "level": SKILL_SENIOR}]),
    (
        "市工匠",
        "craftsman",
        "city",
        "市总工会",
        [
            {"rule": "min_skill_level", "level": SKILL_TECHNICIAN},
            {"rule": "results_years", "years": 1},
            {"rule": "not_enterprise_head"},
        ],
    ),
    ("县(区)劳动模范", "model_worker", "district", "县(区)人民政府", [{"rule": "min_adopted", "count": 1}]),
    ("县(区)级工匠", "craftsman", "district", "县(区)总工会", [{"rule": "min_adopted", "count": 2}]),
    ("企业工匠", "craftsman", "enterprise", "", [{"rule": "min_adopted", "count": 1}]),
]

FORWARDS = {
    "postgresql": [
        """
CREATE INDEX talentprofile_text_bigrams ON talent_talentprofile
USING gin (zhichuang_bigrams(lower(name || ' ' || expertise || ' ' || biography || ' ' || methods)))
""",
    ]
}
BACKWARDS = {"postgresql": ["DROP INDEX IF EXISTS talentprofile_text_bigrams"]}


def seed(apps, schema_editor):
    HonourType = apps.get_model("talent", "HonourType")
    for order, (name, category, level, issuing_body, rules) in enumerate(HONOURS, start=1):
        HonourType.objects.get_or_create(
            name=name,
            defaults={"category": category, "level": level, "issuing_body": issuing_body, "rules": rules, "order": order * 10},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0001_initial"),
        ("similarity", "0001_squashed_0003_document_kinds"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(run(FORWARDS), run(BACKWARDS)),
    ]
