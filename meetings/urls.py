from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("boards/add/", views.board_add, name="board_add"),
    path("boards/<slug:slug>/", views.board_detail, name="board_detail"),
    path("boards/<slug:slug>/members/add/", views.membership_add, name="membership_add"),
    path("boards/<slug:slug>/meetings/add/", views.meeting_add, name="meeting_add"),
    path("boards/<slug:slug>/actions/", views.action_log, name="action_log"),
    path("boards/<slug:slug>/plans/add/", views.plan_add, name="plan_add"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/change/", views.meeting_change, name="meeting_change"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/add/", views.item_add, name="item_add"),
    path("<int:pk>/publish/", views.meeting_publish, name="meeting_publish"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/change/", views.item_change, name="item_change"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/papers/add/", views.paper_add, name="paper_add"),
    path("items/<int:pk>/minutes/", views.minutes_change, name="minutes_change"),
    path("items/<int:pk>/declarations/add/", views.declaration_add, name="declaration_add"),
    path("items/<int:pk>/decisions/add/", views.decision_add, name="decision_add"),
    path("papers/<int:pk>/", views.paper_download, name="paper_download"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/priorities/add/", views.priority_add, name="priority_add"),
    path("plans/<int:pk>/actions/add/", views.plan_action_add, name="plan_action_add"),
    path("plan-actions/<int:pk>/progress/", views.progress_add, name="progress_add"),
    # No sign-in needed: published, open business only.
    path("public/", views.public_index, name="public_index"),
    path("public/<int:pk>/", views.public_meeting, name="public_meeting"),
    path("public/papers/<int:pk>/", views.public_paper, name="public_paper"),
    path("public/boards/<slug:slug>/calendar.ics", views.calendar_feed, name="calendar_feed"),
]
