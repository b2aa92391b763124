"""The straitmap dashboard (Streamlit): `streamlit run dashboard/app.py`."""
