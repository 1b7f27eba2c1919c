"""Penanganan pelanggaran: the case register, the case view, its steps and evidence."""
