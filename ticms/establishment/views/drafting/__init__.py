"""The applicant's side of an application (第十三条第2项): start it under an open guide, fill
it section by section (each a short page that saves itself), see the eligibility check live,
check everything before submitting, and read its versions. Thin views: parse, call one service
or selector, render. One module per part; `urls.py` imports each."""
