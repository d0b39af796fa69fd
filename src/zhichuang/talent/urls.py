from django.urls import path

from .views import honour_types, honours, profiles

app_name = "talent"
urlpatterns = [
    path("", profiles.talent_list, name="list"),
    path("export/", profiles.talent_export, name="export"),
    path("mine/", profiles.my_record, name="mine"),
    path("new/", profiles.profile_new, name="profile_new"),
    path("workers/", profiles.worker_search, name="worker_search"),
    path("honour-types/", honour_types.honour_type_list, name="honour_types"),
    path("honour-types/new/", honour_types.honour_type_edit, name="honour_type_new"),
    path("honour-types/<int:pk>/", honour_types.honour_type_edit, name="honour_type_edit"),
    path("<int:pk>/", profiles.profile_detail, name="profile"),
    path("<int:pk>/edit/", profiles.profile_edit, name="profile_edit"),
    path("<int:pk>/photo/", profiles.profile_photo, name="profile_photo"),
    path("<int:pk>/consent/", profiles.profile_consent, name="consent"),
    path("<int:pk>/honours/new/", honours.honour_new, name="honour_new"),
    path("<int:pk>/skill/new/", honours.skill_level_new, name="skill_new"),
    path("<int:pk>/skill/<int:entry_pk>/<str:decision>/", honours.skill_level_decide, name="skill_decide"),
    path("honours/<int:pk>/", honours.honour_detail, name="honour"),
    path("honours/<int:pk>/resubmit/", honours.honour_resubmit, name="honour_resubmit"),
    path("honours/<int:pk>/evidence/", honours.honour_evidence, name="honour_evidence"),
    path("honours/<int:pk>/<str:decision>/", honours.honour_decide, name="honour_decide"),
]
