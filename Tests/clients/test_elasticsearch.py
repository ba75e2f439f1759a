"""The official `elasticsearch` 9.x Python client against a real `sift serve`.

Every expected value (counts, ids, buckets) is computed here from the generated documents; the
assertions follow Elasticsearch's documented behaviour, not whatever Sift happens to answer.
"""

import random
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from elasticsearch import (
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    helpers,
)

INDEX = "clients-logs"
DOC_COUNT = 10_000
DAY_MS = 86_400_000
BASE = datetime(2026, 3, 1, tzinfo=timezone.utc)
DAYS = 7
EMPTY_DAY = 3  # no document falls on 2026-03-04, so date_histogram must fill a gap

SERVICES = ["api", "auth", "billing", "search", "worker"]
SERVICE_WEIGHTS = [40, 25, 15, 12, 8]
LEVELS = ["info", "warn", "error"]
LEVEL_WEIGHTS = [70, 20, 10]
STATUSES = [200, 200, 200, 201, 204, 301, 400, 404, 500, 503]
WORDS = [
    "request", "served", "user", "login", "failed", "timeout", "disk", "cache", "miss",
    "hit", "retry", "connection", "reset", "payment", "queued", "query", "slow", "upstream",
]

MAPPINGS = {
    "properties": {
        "@timestamp": {"type": "date"},
        "service": {"type": "keyword"},
        "level": {"type": "keyword"},
        "status": {"type": "integer"},
        "duration_ms": {"type": "double"},
        "message": {"type": "text"},
    }
}


def _epoch_ms(ts: str) -> int:
    return int(datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp() * 1000)


def _generate():
    """10,000 documents keyed by id, with unique whole-second timestamps over 7 days but one."""
    rng = random.Random(20260301)
    seconds = rng.sample(range((DAYS - 1) * 86_400), DOC_COUNT)
    docs = {}
    for i, second in enumerate(seconds):
        if second >= EMPTY_DAY * 86_400:
            second += 86_400
        ts = (BASE + timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")
        docs[f"d{i:05d}"] = {
            "@timestamp": ts,
            "service": rng.choices(SERVICES, SERVICE_WEIGHTS)[0],
            "level": rng.choices(LEVELS, LEVEL_WEIGHTS)[0],
            "status": rng.choice(STATUSES),
            "duration_ms": round(rng.uniform(0.5, 2000.0), 3),
            "message": " ".join(rng.sample(WORDS, rng.randint(3, 7))),
        }
    return docs


DOCS = _generate()


def ids_where(predicate):
    return {doc_id for doc_id, doc in DOCS.items() if predicate(doc)}


def words(doc):
    return set(doc["message"].split())


def hit_ids(resp):
    return [hit["_id"] for hit in resp["hits"]["hits"]]


@pytest.fixture(scope="module")
def es(sift_url):
    client = Elasticsearch(sift_url, request_timeout=60)
    yield client
    client.close()


@pytest.fixture(scope="module")
def logs(es):
    """The index INDEX holding DOCS, refreshed."""
    es.indices.create(index=INDEX, mappings=MAPPINGS)
    actions = ({"_index": INDEX, "_id": doc_id, "_source": doc} for doc_id, doc in DOCS.items())
    success, errors = helpers.bulk(es, actions)
    assert (success, errors) == (DOC_COUNT, [])
    es.indices.refresh(index=INDEX)
    return INDEX


def search_all(es, query, **kwargs):
    """Runs a search returning every hit (at most 10,000), with an exact total."""
    return es.search(index=INDEX, query=query, size=DOC_COUNT, track_total_hits=True, **kwargs)


def assert_hits(resp, expected_ids):
    assert resp["hits"]["total"] == {"value": len(expected_ids), "relation": "eq"}
    ids = hit_ids(resp)
    assert len(ids) == len(set(ids))
    assert set(ids) == expected_ids


# --- handshake ---------------------------------------------------------------------------


def test_product_check_on_first_call(sift_url):
    # A fresh client checks X-Elastic-Product on its first 2xx response.
    client = Elasticsearch(sift_url, request_timeout=30)
    try:
        resp = client.info()
        assert resp.meta.status == 200
        assert resp.meta.headers.get("X-Elastic-Product") == "Elasticsearch"
    finally:
        client.close()


def test_product_check_on_first_call_that_is_not_info(sift_url):
    client = Elasticsearch(sift_url, request_timeout=30)
    try:
        resp = client.cluster.health()
        assert resp.meta.status == 200
        assert resp["status"] in ("green", "yellow")
    finally:
        client.close()


def test_info(es):
    resp = es.info()
    assert resp["tagline"] == "You Know, for Search"
    assert isinstance(resp["name"], str) and resp["name"]
    assert isinstance(resp["cluster_name"], str) and resp["cluster_name"]
    version = resp["version"]
    assert version["build_flavor"] == "default"
    major = version["number"].split(".")[0]
    assert major.isdigit() and int(major) >= 8


def test_ping(es):
    assert es.ping() is True


# --- index lifecycle --------------------------------------------------------------------


def test_index_create_exists_delete(es):
    name = "clients-lifecycle"
    assert es.indices.exists(index=name).body is False
    resp = es.indices.create(index=name, mappings=MAPPINGS)
    assert resp["acknowledged"] is True
    assert resp["index"] == name
    assert es.indices.exists(index=name).body is True

    with pytest.raises(BadRequestError) as created_twice:
        es.indices.create(index=name)
    assert created_twice.value.meta.status == 400
    assert created_twice.value.error == "resource_already_exists_exception"

    assert es.indices.delete(index=name)["acknowledged"] is True
    assert es.indices.exists(index=name).body is False

    with pytest.raises(NotFoundError) as deleted_twice:
        es.indices.delete(index=name)
    assert deleted_twice.value.error == "index_not_found_exception"


def test_get_mapping(es, logs):
    resp = es.indices.get_mapping(index=logs)
    assert list(resp.body) == [logs]
    assert resp[logs]["mappings"]["properties"] == MAPPINGS["properties"]


# --- bulk, refresh, count ----------------------------------------------------------------


def test_count_after_bulk_and_refresh(es, logs):
    assert es.count(index=logs)["count"] == DOC_COUNT


def test_count_with_query(es, logs):
    expected = len(ids_where(lambda d: d["level"] == "error"))
    assert es.count(index=logs, query={"term": {"level": "error"}})["count"] == expected


# --- search ------------------------------------------------------------------------------


def test_search_match(es, logs):
    resp = search_all(es, {"match": {"message": "timeout"}})
    assert_hits(resp, ids_where(lambda d: "timeout" in words(d)))


def test_search_match_two_words_is_or(es, logs):
    resp = search_all(es, {"match": {"message": "disk payment"}})
    assert_hits(resp, ids_where(lambda d: {"disk", "payment"} & words(d)))


def test_search_match_operator_and(es, logs):
    resp = search_all(es, {"match": {"message": {"query": "disk payment", "operator": "and"}}})
    assert_hits(resp, ids_where(lambda d: {"disk", "payment"} <= words(d)))


def test_search_term_on_keyword(es, logs):
    resp = search_all(es, {"term": {"service": "billing"}})
    assert_hits(resp, ids_where(lambda d: d["service"] == "billing"))


def test_search_range_on_date(es, logs):
    gte, lt = "2026-03-02T00:00:00Z", "2026-03-05T12:00:00Z"
    resp = search_all(es, {"range": {"@timestamp": {"gte": gte, "lt": lt}}})
    assert_hits(resp, ids_where(lambda d: gte <= d["@timestamp"] < lt))


def test_search_range_on_date_epoch_millis(es, logs):
    gte, lte = _epoch_ms("2026-03-06T06:00:00Z"), _epoch_ms("2026-03-06T18:00:00Z")
    resp = search_all(es, {"range": {"@timestamp": {"gte": gte, "lte": lte, "format": "epoch_millis"}}})
    assert_hits(resp, ids_where(lambda d: gte <= _epoch_ms(d["@timestamp"]) <= lte))


def test_search_bool(es, logs):
    query = {
        "bool": {
            "must": [{"match": {"message": "failed"}}],
            "filter": [{"term": {"level": "error"}}, {"range": {"status": {"gte": 500}}}],
            "must_not": [{"term": {"service": "auth"}}],
        }
    }
    expected = ids_where(
        lambda d: "failed" in words(d) and d["level"] == "error" and d["status"] >= 500
        and d["service"] != "auth"
    )
    assert expected  # the data must make this query non-trivial
    assert_hits(search_all(es, query), expected)


def test_search_bool_should_only(es, logs):
    query = {"bool": {"should": [{"term": {"service": "worker"}}, {"term": {"status": 503}}]}}
    resp = search_all(es, query)
    assert_hits(resp, ids_where(lambda d: d["service"] == "worker" or d["status"] == 503))


def test_search_sort_by_date_desc_with_size(es, logs):
    resp = es.search(index=logs, query={"match_all": {}}, sort=[{"@timestamp": {"order": "desc"}}], size=5)
    newest = sorted(DOCS, key=lambda doc_id: DOCS[doc_id]["@timestamp"], reverse=True)[:5]
    assert hit_ids(resp) == newest
    assert [hit["sort"] for hit in resp["hits"]["hits"]] == [[_epoch_ms(DOCS[i]["@timestamp"])] for i in newest]
    assert [hit["_source"] for hit in resp["hits"]["hits"]] == [DOCS[i] for i in newest]


def test_search_sort_asc_with_filter(es, logs):
    resp = es.search(
        index=logs, query={"term": {"service": "auth"}}, sort=[{"@timestamp": "asc"}], size=3
    )
    oldest = sorted(ids_where(lambda d: d["service"] == "auth"), key=lambda i: DOCS[i]["@timestamp"])[:3]
    assert hit_ids(resp) == oldest


def test_search_size(es, logs):
    resp = es.search(index=logs, query={"match_all": {}}, size=7, track_total_hits=True)
    assert len(resp["hits"]["hits"]) == 7
    assert resp["hits"]["total"] == {"value": DOC_COUNT, "relation": "eq"}
    assert len(es.search(index=logs)["hits"]["hits"]) == 10  # default size


def test_search_response_envelope(es, logs):
    resp = es.search(index=logs, query={"match_all": {}}, size=1)
    assert resp["timed_out"] is False
    assert isinstance(resp["took"], int)
    shards = resp["_shards"]
    assert shards["failed"] == 0
    assert shards["successful"] + shards["skipped"] == shards["total"]
    hit = resp["hits"]["hits"][0]
    assert hit["_index"] == logs
    assert hit["_source"] == DOCS[hit["_id"]]


def test_search_source_includes(es, logs):
    resp = es.search(
        index=logs, query={"term": {"service": "search"}}, sort=[{"@timestamp": "asc"}], size=4,
        source={"includes": ["service", "status"]},
    )
    hits = resp["hits"]["hits"]
    assert len(hits) == 4
    for hit in hits:
        doc = DOCS[hit["_id"]]
        assert hit["_source"] == {"service": doc["service"], "status": doc["status"]}


def test_search_source_list_and_false(es, logs):
    resp = es.search(index=logs, query={"ids": {"values": ["d00007"]}}, source=["level", "message"])
    assert [hit["_source"] for hit in resp["hits"]["hits"]] == [
        {"level": DOCS["d00007"]["level"], "message": DOCS["d00007"]["message"]}
    ]
    resp = es.search(index=logs, query={"ids": {"values": ["d00007"]}}, source=False)
    assert hit_ids(resp) == ["d00007"]
    assert "_source" not in resp["hits"]["hits"][0]


def test_search_from_and_search_after(es, logs):
    newest = sorted(DOCS, key=lambda doc_id: DOCS[doc_id]["@timestamp"], reverse=True)
    resp = es.search(index=logs, sort=[{"@timestamp": "desc"}], from_=20, size=5)
    assert hit_ids(resp) == newest[20:25]

    seen, after = [], None
    while True:
        kwargs = {"search_after": after} if after is not None else {}
        page = es.search(index=logs, sort=[{"@timestamp": "desc"}], size=1000, **kwargs)["hits"]["hits"]
        if not page:
            break
        seen += [hit["_id"] for hit in page]
        after = page[-1]["sort"]
    assert seen == newest


def test_search_term_level_queries(es, logs):
    assert_hits(search_all(es, {"terms": {"service": ["auth", "worker"]}}),
                ids_where(lambda d: d["service"] in ("auth", "worker")))
    assert_hits(search_all(es, {"bool": {"filter": [{"exists": {"field": "duration_ms"}}, {"term": {"status": 404}}]}}),
                ids_where(lambda d: d["status"] == 404))
    assert_hits(search_all(es, {"range": {"duration_ms": {"gt": 1500.5, "lte": 1700}}}),
                ids_where(lambda d: 1500.5 < d["duration_ms"] <= 1700))


def test_search_match_phrase(es, logs):
    expected = ids_where(lambda d: " cache miss " in f" {d['message']} ")
    assert expected
    assert_hits(search_all(es, {"match_phrase": {"message": "cache miss"}}), expected)


def test_search_query_string(es, logs):
    query = {"query_string": {"query": "level:error AND service:(api OR billing) AND NOT message:timeout AND status:>=500"}}
    expected = ids_where(
        lambda d: d["level"] == "error" and d["service"] in ("api", "billing")
        and "timeout" not in words(d) and d["status"] >= 500
    )
    assert expected
    assert_hits(search_all(es, query), expected)
    query = {"query_string": {"query": "disk AND cache", "default_field": "message"}}
    assert_hits(search_all(es, query), ids_where(lambda d: {"disk", "cache"} <= words(d)))


def test_malformed_json_body_is_400(es, logs):
    with pytest.raises(BadRequestError) as bad:
        es.perform_request(
            "POST", f"/{logs}/_search", body='{"query": {"match_all": {}', headers={"content-type": "application/json"}
        )
    assert bad.value.meta.status == 400
    assert bad.value.error == "x_content_parse_exception"


# --- aggregations --------------------------------------------------------------------------


def expected_terms_buckets(counter, size):
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"key": key, "doc_count": count} for key, count in ordered[:size]]


def expected_day_buckets(doc_ids):
    per_day = Counter(_epoch_ms(DOCS[i]["@timestamp"]) // DAY_MS * DAY_MS for i in doc_ids)
    first, last = min(per_day), max(per_day)
    buckets = []
    for key in range(first, last + DAY_MS, DAY_MS):
        key_as_string = datetime.fromtimestamp(key / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        buckets.append({"key_as_string": key_as_string, "key": key, "doc_count": per_day.get(key, 0)})
    return buckets


def test_aggregations_terms_and_date_histogram(es, logs):
    resp = es.search(
        index=logs, size=0,
        aggs={
            "by_service": {"terms": {"field": "service"}},
            "per_day": {"date_histogram": {"field": "@timestamp", "fixed_interval": "1d"}},
        },
    )
    assert resp["hits"]["hits"] == []
    terms = resp["aggregations"]["by_service"]
    assert terms["buckets"] == expected_terms_buckets(Counter(d["service"] for d in DOCS.values()), 10)
    assert terms["sum_other_doc_count"] == 0
    assert terms["doc_count_error_upper_bound"] == 0

    buckets = resp["aggregations"]["per_day"]["buckets"]
    expected = expected_day_buckets(DOCS)
    assert len(expected) == DAYS and expected[EMPTY_DAY]["doc_count"] == 0
    assert buckets == expected


def test_aggregations_with_query_and_small_terms_size(es, logs):
    selected = ids_where(lambda d: d["level"] != "info")
    resp = es.search(
        index=logs, size=0, query={"bool": {"must_not": [{"term": {"level": "info"}}]}},
        aggregations={
            "top_status": {"terms": {"field": "status", "size": 3}},
            "per_day": {"date_histogram": {"field": "@timestamp", "fixed_interval": "1d"}},
        },
    )
    statuses = Counter(DOCS[i]["status"] for i in selected)
    terms = resp["aggregations"]["top_status"]
    top = expected_terms_buckets(statuses, 3)
    assert terms["buckets"] == top
    assert terms["sum_other_doc_count"] == len(selected) - sum(b["doc_count"] for b in top)
    assert resp["aggregations"]["per_day"]["buckets"] == expected_day_buckets(selected)


def test_metric_aggregations(es, logs):
    resp = es.search(
        index=logs, size=0, query={"term": {"service": "billing"}},
        aggs={
            "min_status": {"min": {"field": "status"}},
            "max_status": {"max": {"field": "status"}},
            "sum_status": {"sum": {"field": "status"}},
            "avg_status": {"avg": {"field": "status"}},
            "count_status": {"value_count": {"field": "status"}},
            "newest": {"max": {"field": "@timestamp"}},
        },
    )
    statuses = [DOCS[i]["status"] for i in ids_where(lambda d: d["service"] == "billing")]
    newest = max(DOCS[i]["@timestamp"] for i in ids_where(lambda d: d["service"] == "billing"))
    aggs = resp["aggregations"]
    assert aggs["min_status"]["value"] == min(statuses)
    assert aggs["max_status"]["value"] == max(statuses)
    assert aggs["sum_status"]["value"] == sum(statuses)
    assert aggs["avg_status"]["value"] == sum(statuses) / len(statuses)
    assert aggs["count_status"]["value"] == len(statuses)
    assert aggs["newest"]["value"] == _epoch_ms(newest)
    assert aggs["newest"]["value_as_string"] == newest.replace("Z", ".000Z")


# --- msearch -------------------------------------------------------------------------------


def test_msearch_with_missing_index(es, logs):
    resp = es.msearch(
        searches=[
            {"index": logs},
            {"query": {"term": {"level": "error"}}, "size": 0, "track_total_hits": True},
            {"index": "clients-no-such-index"},
            {"query": {"match_all": {}}},
        ]
    )
    assert resp.meta.status == 200
    first, second = resp["responses"]
    assert first["status"] == 200
    assert first["hits"]["total"] == {"value": len(ids_where(lambda d: d["level"] == "error")), "relation": "eq"}
    assert second["status"] == 404
    assert second["error"]["type"] == "index_not_found_exception"


# --- scroll (helpers.scan) -----------------------------------------------------------------


def test_scan_returns_every_document_once(es, logs):
    seen = {}
    duplicates = []
    for hit in helpers.scan(es, index=logs, query={"query": {"match_all": {}}}):
        if hit["_id"] in seen:
            duplicates.append(hit["_id"])
        seen[hit["_id"]] = hit["_source"]
    assert duplicates == []
    assert set(seen) == set(DOCS)
    assert seen == DOCS


def test_scan_with_query(es, logs):
    ids = [hit["_id"] for hit in helpers.scan(es, index=logs, query={"query": {"term": {"service": "worker"}}}, size=250)]
    assert len(ids) == len(set(ids))
    assert set(ids) == ids_where(lambda d: d["service"] == "worker")


# --- documents -----------------------------------------------------------------------------


def test_get_document(es, logs):
    resp = es.get(index=logs, id="d00042")
    assert resp["found"] is True
    assert resp["_index"] == logs
    assert resp["_id"] == "d00042"
    assert resp["_source"] == DOCS["d00042"]


def test_get_missing_document_is_404(es, logs):
    with pytest.raises(NotFoundError) as missing:
        es.get(index=logs, id="no-such-id")
    assert missing.value.meta.status == 404
    assert missing.value.body == {"_index": logs, "_id": "no-such-id", "found": False}
    assert missing.value.meta.headers.get("X-Elastic-Product") == "Elasticsearch"


def test_get_from_missing_index_is_404(es):
    with pytest.raises(NotFoundError) as missing:
        es.get(index="clients-no-such-index", id="1")
    assert missing.value.error == "index_not_found_exception"


def test_index_with_id_then_get(es):
    index = "clients-crud"
    resp = es.index(index=index, id="a", document={"message": "first", "n": 1})
    assert resp.meta.status == 201
    assert (resp["_index"], resp["_id"], resp["result"]) == (index, "a", "created")
    assert es.get(index=index, id="a")["_source"] == {"message": "first", "n": 1}

    resp = es.index(index=index, id="a", document={"message": "second", "n": 2})
    assert resp.meta.status == 200
    assert resp["result"] == "updated"
    assert es.get(index=index, id="a")["_source"] == {"message": "second", "n": 2}

    auto = es.index(index=index, document={"message": "auto id"}, refresh=True)
    assert auto.meta.status == 201
    assert auto["result"] == "created"
    assert es.get(index=index, id=auto["_id"])["_source"] == {"message": "auto id"}
    assert es.count(index=index)["count"] == 2
    es.indices.delete(index=index)


def test_delete_document(es):
    index = "clients-delete"
    es.index(index=index, id="a", document={"message": "doomed"})
    es.index(index=index, id="b", document={"message": "kept"}, refresh=True)
    resp = es.delete(index=index, id="a")
    assert resp.meta.status == 200
    assert (resp["_index"], resp["_id"], resp["result"]) == (index, "a", "deleted")
    with pytest.raises(NotFoundError) as deleted_twice:
        es.delete(index=index, id="a")
    assert deleted_twice.value.body["result"] == "not_found"
    es.indices.refresh(index=index)
    assert es.count(index=index)["count"] == 1
    with pytest.raises(NotFoundError):
        es.get(index=index, id="a")
    es.indices.delete(index=index)


def test_get_after_delete_is_404_without_refresh(es):
    # GET is real-time in Elasticsearch: a deleted document is gone at once, refresh or not.
    index = "clients-delete-realtime"
    es.index(index=index, id="a", document={"message": "doomed"})
    es.delete(index=index, id="a")
    with pytest.raises(NotFoundError) as gone:
        es.get(index=index, id="a")
    assert gone.value.body == {"_index": index, "_id": "a", "found": False}

    es.index(index=index, id="b", document={"message": "doomed too"}, refresh=True)
    es.delete(index=index, id="b")
    with pytest.raises(NotFoundError):
        es.get(index=index, id="b")
    es.indices.delete(index=index)


# --- bulk item errors ----------------------------------------------------------------------


def test_bulk_with_one_malformed_document(es):
    index = "clients-bulk-malformed"
    es.indices.create(index=index, mappings=MAPPINGS)
    resp = es.bulk(
        index=index,
        operations=[
            {"index": {"_id": "1"}}, {"message": "fine one", "status": 200},
            {"index": {"_id": "2"}}, '{"message": "broken", "status": ',
            {"index": {"_id": "3"}}, {"message": "fine three", "status": 404},
        ],
    )
    assert resp.meta.status == 200
    assert resp["errors"] is True
    items = resp["items"]
    assert [list(item) for item in items] == [["index"]] * 3
    assert [item["index"]["_id"] for item in items] == ["1", "2", "3"]
    assert [item["index"]["status"] for item in items] == [201, 400, 201]
    error = items[1]["index"]["error"]
    assert error["type"] == "document_parsing_exception"
    assert isinstance(error["reason"], str) and error["reason"]

    es.indices.refresh(index=index)
    assert es.count(index=index)["count"] == 2
    with pytest.raises(NotFoundError):
        es.get(index=index, id="2")
    es.indices.delete(index=index)


def test_bulk_value_not_matching_mapping(es):
    index = "clients-bulk-mapping"
    es.indices.create(index=index, mappings=MAPPINGS)
    resp = es.bulk(
        index=index,
        operations=[
            {"index": {"_id": "1"}}, {"status": "not a number"},
            {"index": {"_id": "2"}}, {"status": 500},
        ],
    )
    assert resp["errors"] is True
    assert [item["index"]["status"] for item in resp["items"]] == [400, 201]
    assert resp["items"][0]["index"]["error"]["type"] == "document_parsing_exception"
    es.indices.delete(index=index)


def test_bulk_create_existing_id_is_409(es):
    index = "clients-bulk-create"
    resp = es.bulk(
        index=index, refresh=True,
        operations=[
            {"create": {"_id": "z"}}, {"message": "first"},
            {"create": {"_id": "z"}}, {"message": "second"},
            {"index": {"_id": "y"}}, {"message": "other"},
        ],
    )
    assert resp["errors"] is True
    assert [(list(item)[0], item[list(item)[0]]["status"]) for item in resp["items"]] == [
        ("create", 201), ("create", 409), ("index", 201)
    ]
    assert resp["items"][1]["create"]["error"]["type"] == "version_conflict_engine_exception"

    # Later, through helpers.bulk: the conflict is reported as a BulkIndexError.
    with pytest.raises(helpers.BulkIndexError) as failed:
        helpers.bulk(es, [
            {"_op_type": "create", "_index": index, "_id": "z", "_source": {"message": "third"}},
            {"_op_type": "create", "_index": index, "_id": "x", "_source": {"message": "new"}},
        ])
    assert len(failed.value.errors) == 1
    assert failed.value.errors[0]["create"]["_id"] == "z"
    assert failed.value.errors[0]["create"]["status"] == 409

    assert es.get(index=index, id="z")["_source"] == {"message": "first"}
    es.indices.refresh(index=index)
    assert es.count(index=index)["count"] == 3
    es.indices.delete(index=index)


# --- query errors ---------------------------------------------------------------------------


def test_unknown_query_clause_is_parsing_exception(es, logs):
    with pytest.raises(BadRequestError) as bad:
        es.search(index=logs, query={"no_such_clause": {"message": "x"}})
    assert bad.value.meta.status == 400
    assert bad.value.error == "parsing_exception"
    body = bad.value.body
    assert body["status"] == 400
    assert body["error"]["root_cause"][0]["type"] == "parsing_exception"
    assert "unknown query [no_such_clause]" in body["error"]["reason"]
