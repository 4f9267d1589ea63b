"""Token authentication; the space check is made by the base views (api.base)."""

from rest_framework.authentication import TokenAuthentication


class SpaceTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: one token per person, valid only where they belong."""
