"""A merge as a client meets it over real HTTP: an ordinary client follows the 308."""
import requests


def test_a_merged_participant_is_followed_to_its_survivor_over_http(server):
    base, auth = server
    people = f"{base}/api/v1/participants"
    survivor = requests.post(people, headers=auth, json={"name_ar": "حسن روحاني"}).json()
    duplicate = requests.post(people, headers=auth, json={"name_ar": "حسن روحانى", "name_en": "Hassan Rouhani"}).json()
    merged = requests.post(f"{people}/{duplicate['id']}/merge", headers={**auth, "If-Match": requests.head(f"{people}/{duplicate['id']}").headers["ETag"]},
                           json={"survivor_id": survivor["id"]})
    assert merged.status_code == 200, merged.text

    redirect = requests.get(f"{people}/{duplicate['id']}?fields=id,aliases", allow_redirects=False)
    assert redirect.status_code == 308
    assert redirect.headers["Content-Type"].startswith("application/problem+json")
    assert redirect.headers["Location"] == f"/api/v1/participants/{survivor['id']}?fields=id,aliases"
    followed = requests.get(f"{people}/{duplicate['id']}?fields=id,aliases")
    assert followed.status_code == 200 and followed.history[0].status_code == 308
    assert followed.json() == {"id": survivor["id"], "aliases": [
        {"name": "Hassan Rouhani", "language": "en", "kind": "transliteration"}]}

    refused = requests.delete(f"{people}/{duplicate['id']}", headers=auth)
    assert refused.status_code == 409 and refused.json()["merged_into_id"] == survivor["id"]
