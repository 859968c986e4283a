"""Mappings: another system's tables (a CRM's export) read as records of the interchange
format, as a YAML mapping file says (``docs/integrating.md``)."""

from sales_policy.records.mapping.check import Mapping, MappingError, load_mapping

__all__ = ["Mapping", "MappingError", "load_mapping"]
