"""Recording stops at the roadside, the receipt the person stopped is given, and their feedback.

Officers record stop and search, stop and account and section 163 vehicle stops (everyone in
the vehicle) here, on a phone or through the API; each record gets a receipt whose reference
opens a public page with a short feedback survey. Every recorded search also becomes a
`powers.StopSearch` row (`mirror`), so panels sample it like any other. See
docs/decisions/0003-recording-and-receipts.md.
"""
