from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("export/", views.proposal_export, name="export"),
    path("mine/", views.my_proposals, name="mine"),
    path("new/", views.proposal_new, name="new"),
    path("draft/", views.draft_save, name="draft_save"),
    path("submit/", views.proposal_submit, name="submit"),
    path("colleagues/", views.colleague_search, name="colleague_search"),
    path("member-row/", views.member_row, name="member_row"),
    path("similar/", views.similar_panel, name="similar"),
    path("rewards/", views.my_rewards, name="my_rewards"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notification_read"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/similar/", views.evaluator_similar, name="detail_similar"),
    path("<int:pk>/transition/", views.proposal_transition, name="transition"),
    path("<int:pk>/evaluate/", views.proposal_evaluate, name="evaluate"),
    path("<int:pk>/recommend/", views.proposal_recommend, name="recommend"),
    path("<int:pk>/evidence/", views.implementation_evidence, name="evidence"),
    path("<int:pk>/reward/", views.reward_decide, name="reward"),
    path("<int:pk>/payouts/<int:share_pk>/", views.payout_mark_paid, name="payout"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_file, name="attachment"),
    path("<int:pk>/files/<int:attachment_pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/benefit/new/", views.claim_edit, name="claim_new"),
    path("<int:pk>/benefit/<int:claim_pk>/", views.claim_detail, name="claim_detail"),
    path("<int:pk>/benefit/<int:claim_pk>/edit/", views.claim_edit, name="claim_edit"),
    path("<int:pk>/benefit/<int:claim_pk>/correct/", views.claim_correct, name="claim_correct"),
    path("<int:pk>/benefit/<int:claim_pk>/<str:decision>/", views.claim_decide, name="claim_decide"),
    path("<int:pk>/benefit/<int:claim_pk>/lines/<int:line_pk>/evidence/", views.line_evidence, name="line_evidence"),
]
