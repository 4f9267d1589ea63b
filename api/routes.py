"""Route patterns shared by the API's URL confs."""

# An id in a URL is a UUID, and only a UUID: anything else matches no route and answers the API's JSON 404
# (api.middleware) — never a 400 from a lookup that tried to read it.
UUID_LOOKUP = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
