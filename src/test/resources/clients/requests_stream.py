"""Reads /api/events with Python requests (urllib3 underneath), the way integrators' scripts do, and prints one
JSON line per dispatched event with the wall-clock time it was handed to the script: {"t": ..., "id": ..., "event": ...}.

usage: python3 requests_stream.py URL BEARER_TOKEN
"""
import json
import sys
import time

import requests


def main():
    url, token = sys.argv[1], sys.argv[2]
    headers = {"Authorization": "Bearer " + token, "Accept": "text/event-stream"}
    with requests.get(url, headers=headers, stream=True, timeout=(10, 300)) as response:
        print(json.dumps({"status": response.status_code,
                          "transfer_encoding": response.headers.get("Transfer-Encoding"),
                          "connection": response.headers.get("Connection")}), flush=True)
        event_id, name, data = None, None, []
        for raw in response.iter_lines():
            line = raw.decode("utf-8")
            if line == "":
                if data or name:
                    print(json.dumps({"t": time.time(), "id": event_id, "event": name or "message"}), flush=True)
                name, data = None, []
                continue
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "id":
                event_id = value
            elif field == "event":
                name = value
            elif field == "data":
                data.append(value)


if __name__ == "__main__":
    main()
