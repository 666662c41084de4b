from django.urls import path

from hygie.quiz import views

app_name = "play"

urlpatterns = [
    path("jouer/", views.join, name="join"),
    path("jouer/<str:pin>/", views.pseudonym, name="pseudonym"),
    path("jouer/<str:pin>/partie/", views.game_page, name="game"),
]
