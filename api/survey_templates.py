"""REST endpoints: survey_templates."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
urlpatterns = router.urls
