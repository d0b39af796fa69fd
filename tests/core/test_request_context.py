from django.test import RequestFactory, override_settings

from zhichuang.core.request_context import client_ip


def request(remote_addr, real_ip=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if real_ip is not None:
        extra["HTTP_X_REAL_IP"] = real_ip
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_ip(request("203.0.113.7", real_ip="198.51.100.1")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=frozenset({"127.0.0.1"}))
def test_a_trusted_proxy_names_the_client():
    assert client_ip(request("127.0.0.1", real_ip="198.51.100.1")) == "198.51.100.1"
    assert client_ip(request("127.0.0.1", real_ip="2001:db8::1")) == "2001:db8::1"


@override_settings(TRUSTED_PROXIES=frozenset({"127.0.0.1"}))
def test_an_untrusted_peer_cannot_choose_its_address():
    assert client_ip(request("203.0.113.7", real_ip="198.51.100.1")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=frozenset({"127.0.0.1"}))
def test_a_malformed_or_missing_header_falls_back_to_the_peer():
    assert client_ip(request("127.0.0.1", real_ip="198.51.100.1, 10.0.0.1")) == "127.0.0.1"
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"
