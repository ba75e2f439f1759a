"""The `opensearch-py` client against a real `sift serve`: bulk, refresh, search, count, scan."""

import random

import pytest
from opensearchpy import OpenSearch, helpers

INDEX = "clients-opensearch"
DOC_COUNT = 3_000
HOSTS = ["alpha", "beta", "gamma", "delta"]
WORDS = ["open", "search", "client", "bulk", "scroll", "shard", "node", "segment", "merge", "flush"]


def _generate():
    rng = random.Random(7)
    docs = {}
    sizes = rng.sample(range(100_000), DOC_COUNT)  # unique, so sorting on bytes is total
    for i in range(DOC_COUNT):
        docs[f"os-{i:04d}"] = {
            "@timestamp": f"2026-04-{1 + i % 28:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z",
            "host": rng.choice(HOSTS),
            "bytes": sizes[i],
            "message": " ".join(rng.sample(WORDS, rng.randint(2, 5))),
        }
    return docs


DOCS = _generate()


def ids_where(predicate):
    return {doc_id for doc_id, doc in DOCS.items() if predicate(doc)}


@pytest.fixture(scope="module")
def client(sift_url):
    os_client = OpenSearch(hosts=[sift_url], timeout=60)
    yield os_client
    os_client.close()


@pytest.fixture(scope="module")
def loaded(client):
    client.indices.create(
        index=INDEX,
        body={"mappings": {"properties": {
            "@timestamp": {"type": "date"}, "host": {"type": "keyword"},
            "bytes": {"type": "long"}, "message": {"type": "text"},
        }}},
    )
    actions = ({"_index": INDEX, "_id": doc_id, "_source": doc} for doc_id, doc in DOCS.items())
    success, errors = helpers.bulk(client, actions)
    assert (success, errors) == (DOC_COUNT, [])
    client.indices.refresh(index=INDEX)
    return INDEX


def test_count(client, loaded):
    assert client.count(index=loaded)["count"] == DOC_COUNT
    expected = len(ids_where(lambda d: d["host"] == "gamma"))
    assert client.count(index=loaded, body={"query": {"term": {"host": "gamma"}}})["count"] == expected


def test_search_term_and_match(client, loaded):
    expected = ids_where(lambda d: d["host"] == "beta" and "scroll" in d["message"].split())
    resp = client.search(
        index=loaded,
        body={
            "query": {"bool": {"filter": [{"term": {"host": "beta"}}], "must": [{"match": {"message": "scroll"}}]}},
            "size": DOC_COUNT,
            "track_total_hits": True,
        },
    )
    assert resp["hits"]["total"] == {"value": len(expected), "relation": "eq"}
    ids = [hit["_id"] for hit in resp["hits"]["hits"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    for hit in resp["hits"]["hits"]:
        assert hit["_source"] == DOCS[hit["_id"]]


def test_search_range_sorted(client, loaded):
    resp = client.search(
        index=loaded,
        body={"query": {"range": {"bytes": {"gte": 99_000}}}, "sort": [{"bytes": "desc"}], "size": 5},
    )
    expected = sorted(ids_where(lambda d: d["bytes"] >= 99_000), key=lambda i: -DOCS[i]["bytes"])[:5]
    assert [hit["_id"] for hit in resp["hits"]["hits"]] == expected


def test_scan_returns_all_documents(client, loaded):
    seen = [hit["_id"] for hit in helpers.scan(client, index=loaded, query={"query": {"match_all": {}}}, size=500)]
    assert len(seen) == DOC_COUNT
    assert set(seen) == set(DOCS)
