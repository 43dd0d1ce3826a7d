"""Scrutiny pages: one module per part of the cycle. Each view checks roles on the server
(parity.scrutiny.access), calls one service, and renders."""
