from django.urls import path

from questionbank import views

app_name = "questionbank"
urlpatterns = [
    path("questions/", views.question_list, name="question_list"),
    path("questions/<slug:slug>/", views.question_detail, name="question_detail"),
]
