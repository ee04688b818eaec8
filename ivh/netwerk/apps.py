from django.apps import AppConfig


class NetwerkConfig(AppConfig):
    verbose_name = "Netwerk en sociale kaart"
    name = "ivh.netwerk"
    label = "netwerk"
