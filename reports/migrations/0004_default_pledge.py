"""The Pledge as data: the eight promises a council starts with (the seven themes of the board
dashboard and "your identity"), each linked to the national indicators that evidence it. The
council rewords its promises and links its local measures afterwards."""

from django.db import migrations

PROMISES = [
    (
        "social_worker",
        "You will have a social worker who knows you, visits you and stays with you.",
        ["SW_CHANGES_2PLUS", "VISITS_ON_TIME"],
    ),
    (
        "decisions",
        "We will listen to you and involve you in the decisions about your life.",
        [
            "CLA_COUNT",
            "CLA_RATE_10K",
            "CLA_STARTED",
            "CLA_CEASED",
            "REVIEWS_ON_TIME",
            "REVIEW_PARTICIPATION",
        ],
    ),
    (
        "where_you_live",
        "You will live somewhere safe and settled, close to home when that is right for you.",
        [
            "STAB_3PLUS",
            "STAB_LONG_TERM",
            "PLACED_OUTSIDE_LA",
            "PLACED_OVER_20_MILES",
            "FOSTER_IFA",
            "CONNECTED_CARERS",
            "MISSING_CHILDREN",
        ],
    ),
    (
        "education",
        "We will help you do your best at school and beyond.",
        ["PEP_CURRENT"],
    ),
    (
        "health",
        "We will make sure you are healthy and get the help you need.",
        ["HEALTH_ASSESSMENT", "DENTAL_CHECK", "IMMUNISATIONS"],
    ),
    (
        "permanence",
        "We will find you a family for life as soon as we can.",
        [
            "ADOPTIONS",
            "SGOS",
            "CAOS",
            "A1_DAYS",
            "A2_DAYS",
            "A10_DAYS",
            "PO_AWAITING",
            "PERMANENCE_PLAN",
        ],
    ),
    (
        "leaving_care",
        "We will support you as you leave care and for as long as you need us.",
        [
            "CL_IN_TOUCH_19_21",
            "CL_ACCOM_SUITABLE_19_21",
            "CL_EET_19_21",
            "CL_PATHWAY_PLAN",
            "CL_PA_ALLOCATED",
            "CL_STAYING_PUT",
        ],
    ),
    (
        "identity",
        "We will help you know your story, your family and your culture.",
        [],
    ),
]


def create(apps, schema_editor):
    Promise = apps.get_model("reports", "PledgePromise")
    Measure = apps.get_model("reports", "PledgeMeasure")
    for order, (theme, words, codes) in enumerate(PROMISES):
        promise, created = Promise.objects.get_or_create(
            theme=theme, defaults={"promise": words, "order": order}
        )
        if created:
            Measure.objects.bulk_create(
                Measure(promise=promise, code=code, order=i) for i, code in enumerate(codes)
            )


def remove(apps, schema_editor):
    apps.get_model("reports", "PledgePromise").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_local_measures_and_pledge")]

    operations = [migrations.RunPython(create, remove)]
