from django.urls import path

from hygie.quiz import consumers

websocket_urlpatterns = [
    path("ws/quiz/<int:game>/animer/", consumers.HostConsumer.as_asgi()),
    path("ws/quiz/jouer/<str:pin>/", consumers.PlayerConsumer.as_asgi()),
]
