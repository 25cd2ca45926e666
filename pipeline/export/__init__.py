"""export: read a folder of outputs and turn it into things other tools use.

``outdir`` reads a batch's output folder (results and error records),
``items`` lists every extracted item of one result with its kind and index
(shared by the review pages and the corpus tables, so both count the same
items), ``tables`` writes one pandas table per kind.
"""
