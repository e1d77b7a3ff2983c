"""chitieu: targets against results for a provincial social-affairs department.

`lib` holds all logic. Only `lib.ui` imports Streamlit; every other module takes values and
returns values or DataFrames, so tests import them without a browser.
"""
