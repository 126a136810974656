// Open data the national catalogue can harvest (an output stage, see site_model.h).
//
// A dataset is a CSV table of a published page: every one when site.toml has an [opendata] table, else
// those with a sidecar `<name>.dataset.toml` beside them. Each dataset, under a stable id derived from its
// content path (or the sidecar's `name`), gets
//   /opendata/<id>/                      landing page (template dataset.html): description, period, update
//                                        frequency, licence, contact, downloads
//   /opendata/<id>/<id>.csv              UTF-8 with BOM (for Excel), CRLF
//   /opendata/<id>/<id>.json             array of records: numbers as numbers, ISO dates, null for empty
//   /opendata/<id>/<id>.xlsx             one sheet, typed cells
//   /opendata/<id>/<id>.gdcatalog.json   GD-Catalog fields, for upload to the agency's CKAN
// all written from one normalised table (dataset_table.h: personal ID numbers masked, plain digits, ISO
// dates), so the three data files hold the same rows. Also:
//   /opendata/                           index of the datasets (template opendata.html), when there is one
//   /catalog.jsonld, /catalog.ttl        the DCAT catalogue (always, so themes can link it from every page)
//   /opendata/ocds/<id>.json             OCDS 1.1 release package of each procurement table, when
//                                        [opendata] names an `ocid_prefix`
#pragma once
#include "generator/site_model.h"

namespace oit {

Result<Emitted> emit_open_data(const SiteModel& site);

}  // namespace oit
