from django.conf import settings

from corporate_parenting.navigation import navigation_for


def service(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "govuk_body_class_script": settings.GOVUK_BODY_CLASS_SCRIPT,
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "session_warn_seconds": settings.SESSION_WARN_SECONDS,
        "service_navigation": navigation_for(request),
    }
