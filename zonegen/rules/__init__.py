"""Policy over parsed records: what each record must satisfy, and what the zone as a whole must.

record  per-record rules (dates, 索引号, 文号, validity, guide, review gate, personal data)
zone    cross-record rules (unique 索引号, 解读 targets, one guide, report years, placement)

Parsing (zonegen.records) never imports this package; the loader runs parse, then rules.
"""
