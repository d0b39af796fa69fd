from django.urls import path

from .views import methods, reviews

app_name = "methods"
urlpatterns = [
    path("", methods.method_list, name="list"),
    path("export/", methods.method_export, name="export"),
    path("mine/", methods.my_methods, name="mine"),
    path("new/", methods.method_new, name="new"),
    path("<int:pk>/", methods.method_detail, name="detail"),
    path("<int:pk>/edit/", methods.method_edit, name="edit"),
    path("<int:pk>/effects/new/", methods.effect_new, name="effect_new"),
    path("<int:pk>/effects/<int:effect_pk>/evidence/", methods.effect_evidence, name="effect_evidence"),
    path("<int:pk>/adoptions/new/", methods.adoption_new, name="adoption_new"),
    path("<int:pk>/adoptions/<int:adoption_pk>/evidence/", methods.adoption_evidence, name="adoption_evidence"),
    path("<int:pk>/courses/", methods.courses_edit, name="courses"),
    path("<int:pk>/apply/", methods.method_apply, name="apply"),
    path("<int:pk>/consent/", methods.method_consent, name="consent"),
    path("applications/<int:pk>/experts/", reviews.application_experts, name="experts"),
    path("applications/<int:pk>/review/", reviews.application_review, name="review"),
    path("applications/<int:pk>/<str:step>/", methods.application_step, name="step"),
]
