"""The dashboard's pages, run as scripts by `st.navigation` (dashboard/app.py)."""
