"""IVH-coördinatie: the project package (settings, urls, Celery app) and its core apps."""

from .celery import app as celery_app

__all__ = ("celery_app",)
