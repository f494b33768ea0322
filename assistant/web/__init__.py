"""The web app: `app` (wiring, error mapping) · `routes/` · `schemas` · `state` · `admin` · `middleware` ·
`streaming` · `server` (run it as a child process) · `static/` (the chat page)."""
