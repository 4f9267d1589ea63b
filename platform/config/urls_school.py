"""URLs served at a school's host (`<slug>.<district host>`)."""

from django.urls import include, path

from api.urls import school_patterns
from config.urls_common import common_patterns
from school import views

urlpatterns = [
    *common_patterns,
    path("", views.home, name="home"),
    path("staff/", include("staff.urls")),
    path("orders/", include("orders.urls")),
    path("consents/", include("consents.urls")),
    path("banks/", include("banks.urls")),
    path("pairs/", include("mentoring.urls_pairs")),
    path("programmes/", include("mentoring.urls_programmes")),
    path("calendar/", include("mentoring.urls_calendar")),
    path("audit/", include("audit.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("surveys/", include("surveys.urls")),
    path("practices/", include("practices.urls")),
    path("report/", include("schoolreport.urls")),
    path("documents/", include("documents.urls")),
    path("exchange/", include("exchange.urls_school")),
    # The public «Наставничество» section of the school website (regulation §8), no login.
    path("nastavnichestvo/", include("publicpage.urls")),
    path("api/", include(school_patterns)),
]

# The database being away is a 503 with a clear message, anything else the 500 page (issue 16).
handler500 = "config.unavailable.server_error"
