"""The outside world for development and the tests, speaking the real protocols over loopback: an HTTP server playing
the SMS gateway, the national identity-check service and a courier (outside.py), and a clamd peer (clamd.py).
GovHall's own side (HttpSmsSender, HttpIdentityCheck, HttpCourier, ClamdScanner) is the same code production runs;
only the settings' URLs and keys differ. `manage.py run_demo_services` starts both; conftest.py starts them once per
test session on free ports."""
