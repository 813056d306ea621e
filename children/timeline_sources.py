"""The children app's own timeline, summary and action sources (registered in apps.ready())."""


def register():
    pass
