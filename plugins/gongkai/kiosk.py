"""Run the lobby kiosk on its PC: serve the built kiosk folder on 127.0.0.1 and lock Chromium to it.

``python -m gongkai.kiosk serve site-kiosk`` serves the folder (only on the loopback address, no
directory listings), writes the Chromium policy file that blocks every other URL and prints the
exact Chromium command line to start the touchscreen in kiosk mode.
``python -m gongkai.kiosk policy`` prints the policy only.  No MkDocs import: the kiosk PC needs
nothing but Python and Chromium to show an already built folder.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shlex
import sys
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
DEFAULT_PORT = 8765
POLICY_NAME = "gongkai-kiosk-policy.json"
POLICY_INSTALL_DIR = "/etc/chromium/policies/managed"


def kiosk_url(port: int) -> str:
    """The local address the kiosk shows."""
    return f"http://{HOST}:{port}/"


def chromium_policy(port: int) -> dict[str, Any]:
    """Chromium enterprise policy: only the local kiosk origin, no downloads, printing or tools."""
    return {
        "URLBlocklist": ["*"],
        "URLAllowlist": [f"http://{HOST}:{port}"],
        "DownloadRestrictions": 3,  # block all downloads
        "PrintingEnabled": False,
        "DeveloperToolsAvailability": 2,  # disallowed
        "BrowserSignin": 0,
        "PasswordManagerEnabled": False,
        "AutofillAddressEnabled": False,
        "AutofillCreditCardEnabled": False,
        "TranslateEnabled": False,
        "SearchSuggestEnabled": False,
        "SpellCheckServiceEnabled": False,
        "NetworkPredictionOptions": 2,  # no prefetching of other hosts
        "MetricsReportingEnabled": False,
        "DefaultPopupsSetting": 2,
        "DefaultNotificationsSetting": 2,
        "DefaultGeolocationSetting": 2,
        "AllowFileSelectionDialogs": False,
    }


def chromium_command(port: int, chromium: str = "chromium") -> list[str]:
    """The Chromium command line of the touchscreen: full screen, no UI, no gestures that leave."""
    return [
        chromium,
        "--kiosk",
        "--incognito",  # nothing a visitor did survives a restart
        "--no-first-run",
        "--noerrdialogs",
        "--disable-infobars",
        "--disable-session-crashed-bubble",
        "--disable-translate",
        "--disable-pinch",
        "--overscroll-history-navigation=0",
        "--disable-features=Translate,TouchpadOverscrollHistoryNavigation",
        "--check-for-update-interval=31536000",
        kiosk_url(port),
    ]


class KioskRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the kiosk folder; folders without index.html are not listed."""

    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]
        self.send_error(404, "Not found")
        return None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base
        """One line per request would fill the kiosk PC's journal; errors are still logged."""


def _policy_text(port: int) -> str:
    return json.dumps(chromium_policy(port), ensure_ascii=False, indent=2) + "\n"


def serve(site_dir: Path, port: int, policy_file: Path) -> int:
    """Serve ``site_dir`` on 127.0.0.1 until interrupted; print how to start Chromium."""
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}: no index.html — build the kiosk first: mkdocs build -f kiosk.yml",
              file=sys.stderr)
        return 2
    handler = functools.partial(KioskRequestHandler, directory=str(site_dir))
    try:
        server = http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError as error:
        print(f"{HOST}:{port}: cannot listen ({error.strerror}) — choose another --port",
              file=sys.stderr)
        return 2
    actual = int(server.server_address[1])
    policy_file.write_text(_policy_text(actual), encoding="utf-8")
    print(f"Serving {site_dir} at {kiosk_url(actual)} (only this computer can connect)")
    print(f"Chromium policy written to {policy_file}; install it once with:")
    print(f"  sudo install -D -m 644 {shlex.quote(str(policy_file))} "
          f"{POLICY_INSTALL_DIR}/gongkai-kiosk.json")
    print("Start the touchscreen with:")
    print("  " + shlex.join(chromium_command(actual)), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line: ``serve SITE_DIR [--port N] [--policy-file PATH]`` or ``policy [--port N]``."""
    parser = argparse.ArgumentParser(prog="python -m gongkai.kiosk",
                                     description="Run the lobby kiosk built with kiosk.yml.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="serve the kiosk folder on 127.0.0.1")
    serve_parser.add_argument("site_dir", nargs="?", default="site-kiosk", type=Path)
    serve_parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                              help=f"local port (default {DEFAULT_PORT}; 0 picks a free one)")
    serve_parser.add_argument("--policy-file", type=Path, default=None,
                              help=f"where to write the Chromium policy (default ./{POLICY_NAME})")
    policy_parser = commands.add_parser("policy", help="print the Chromium policy JSON")
    policy_parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    if args.command == "policy":
        sys.stdout.write(_policy_text(args.port))
        return 0
    return serve(args.site_dir, args.port, args.policy_file or Path(POLICY_NAME))


if __name__ == "__main__":
    sys.exit(main())
