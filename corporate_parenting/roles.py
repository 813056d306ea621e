"""The six roles of the service. Each is a Django group, created by a data migration."""

from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    PERFORMANCE_OFFICER = "performance_officer", "Performance officer"
    DEMOCRATIC_SERVICES = "democratic_services", "Democratic services officer"
    BOARD_MEMBER = "board_member", "Board member"
    ADMINISTRATOR = "administrator", "Administrator"


# Who may open a child's record, and who may change one.
CASE_READERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PERFORMANCE_OFFICER})
CASE_WRITERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
# Who sees exact (unsuppressed) figures.
EXACT_FIGURE_ROLES = frozenset({Role.TEAM_MANAGER, Role.PERFORMANCE_OFFICER})


class JobFunction(models.TextChoices):
    """What a person may be allocated to a child as, besides social worker (a role): the
    independent reviewing officer and the care leaver's personal adviser are posts, not roles
    with their own pages. Set on the account (User.job_function) by an administrator."""

    NONE = "", "None"
    IRO = "iro", "Independent reviewing officer"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
