"""Login and logout, in whichever space the host names."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from people.middleware import SESSION_SPACE_KEY


class SpaceLoginView(auth_views.LoginView):
    """Log in to this space only; the session is bound to it."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response: HttpResponse = super().form_valid(form)
        self.request.session[SESSION_SPACE_KEY] = self.request.tenant.schema_name
        return response


class SpaceLogoutView(auth_views.LogoutView):
    pass
