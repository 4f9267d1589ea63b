from tests.conftest import client_for

def test_home(world):
    c = client_for(world.school_a, world.people["director_a"])
    r = c.get("/")
    assert r.status_code == 200, r.content[:500]
    assert "Альфа" in r.content.decode()
    c = client_for(world.school_b, world.people["director_a"])
    assert c.get("/").status_code == 302
