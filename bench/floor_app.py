import streamlit as st

st.write("hello")  # the floor: the cheapest page Streamlit can show, opened the same way
