"""The office's integrity: the keyed audit chain, its anchor, and the seals on rows that grant
rights or appear on papers.

* The audit key ("audit-key") is a per-installation secret in the key store, made at setup
  (or, for an office set up before it existed, on its first start: the chain is checked and
  continues keyed from a marker entry). Every entry's MAC is HMAC-SHA256 under it.
* The anchor ("audit-head": sequence, MAC and where the keyed part begins) is kept outside the
  database, in the key store. It is updated after each commit, off the writer's path, by one
  thread per process that writes the newest head it has been told of, coalescing bursts
  (``ANCHOR_INTERVAL``): a mark at the door pays nothing for it, and the entries a crash can
  leave un-anchored are those of the last fraction of a second. The anchor only moves forward
  (several processes may write to one database); a restore moves it explicitly.
* With a key store in a passphrase-protected file (no OS keyring) the audit key stays in that
  file, read from it once it is unlocked (the login's passphrase, or ``--passphrase-env``);
  until then the office can be read but not written. The anchor, which is no secret, lives in
  ``audit-anchor.json`` beside it (0600) under an HMAC with the audit key, so it cannot be
  moved back or forged without the key file's passphrase; only re-writing every write's
  scrypt-sealed key file would be slower than the door's marks allow.

What an attacker holding both the database and the key store (the user's unlocked keyring) can
still do: anything; they can recompute every MAC and move the anchor. Only a copy of the head
held elsewhere catches that: the province keeps the head signed into each sync bundle
(``chain_head``), so any rewrite of entries up to the last bundle sent shows there.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import json
import secrets
import shutil
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from netral_desktop.config import HomeLayout
from netral_desktop.core import audit_chain
from netral_desktop.core.audit_chain import Anchor, ChainProblem, ChainWalk
from netral_desktop.core.errors import KeyStoreError, NetralError, VerificationFailed
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.store import accounts as accounts_store
from netral_desktop.store import audit as audit_store
from netral_desktop.store import keystore, seals
from netral_desktop.store import office as office_store
from netral_desktop.store.audit import KEY_ID_META, KEYED_FROM_META, ChainSeal
from netral_desktop.store.db import Database, Session
from netral_desktop.store.locks import hold_until_commit

AUDIT_KEY = keystore.AUDIT_KEY  # the secret's name in the key store (key backups carry it)
AUDIT_HEAD = "audit-head"  # the anchor's name in the key store
ANCHOR_FILE = "audit-anchor.json"  # the anchor (no secret) beside a passphrase key file
# The anchor thread writes at most this often: bursts (an import, a queue at the door) cost
# one key-store write per interval; a crash leaves at most this much of the log un-anchored.
ANCHOR_INTERVAL = 0.2
ANCHOR_RETRY = 5.0
ANCHOR_MAC = "mac"  # the anchor file's HMAC of the head under the audit key
RESTORE_PENDING = "restore-pending.json"  # a restore between file swap and anchor (see restore)
RESTORE_PART = ".netral-restore.part"  # the checked copy a restore is about to put in place
MARKER_ACTION = "audit_keyed"


# --- where the key and the anchor are kept ------------------------------------------------


class Vault(Protocol):
    def get_key(self) -> bytes | None: ...

    def put_key(self, key: bytes) -> None: ...

    def get_anchor(self) -> Anchor | None: ...

    def put_anchor(self, anchor: Anchor) -> None: ...

    def delete(self) -> None: ...


def _anchor_of(text: str | bytes | None) -> Anchor | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        return Anchor(int(data["seq"]), str(data["mac"]), int(data["keyed_from"]))
    except (ValueError, KeyError, TypeError):
        return None  # unreadable: treated as absent, and rewritten from a verified chain


def _anchor_json(anchor: Anchor) -> str:
    return json.dumps({"seq": anchor.seq, "mac": anchor.mac, "keyed_from": anchor.keyed_from})


class KeyStoreVault:
    """The OS keyring (or the in-memory store of tests): two entries of the installation."""

    def __init__(self, store: keystore.KeyStore) -> None:
        self.store = store

    def get_key(self) -> bytes | None:
        return self.store.get(AUDIT_KEY)

    def put_key(self, key: bytes) -> None:
        self.store.put(AUDIT_KEY, key)

    def get_anchor(self) -> Anchor | None:
        return _anchor_of(self.store.get(AUDIT_HEAD))

    def put_anchor(self, anchor: Anchor) -> None:
        self.store.put(AUDIT_HEAD, _anchor_json(anchor).encode())

    def delete(self) -> None:
        self.store.delete(AUDIT_HEAD)
        self.store.delete(AUDIT_KEY)


class FileVault:
    """An office on a passphrase key file: the audit key read from the key file once this
    process has unlocked it, the anchor in ``audit-anchor.json`` (0600) with its HMAC."""

    def __init__(self, path: Path, key_file: Path) -> None:
        self.path = path
        self.key_file = key_file
        self._lock = threading.Lock()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, Any]) -> None:
        from netral_desktop.services.files import write_file

        write_file(self.path, json.dumps(data, indent=2).encode())

    def _store(self) -> keystore.PassphraseFileKeyStore:
        unlocked = keystore.unlocked_file_store(self.key_file)
        if unlocked is None:
            raise KeyStoreError(
                _(
                    "Berkas kunci folder data ini belum dibuka: masuk lewat jendela program "
                    "dengan kata sandi berkas kunci, atau berikan --passphrase-env NAMA_VARIABEL "
                    "pada perintah."
                ),
                code="keyfile_locked",
            )
        return unlocked

    def get_key(self) -> bytes | None:
        store = self._store()
        key = store.get(AUDIT_KEY)
        self._move_old_key(store, key)
        return key if key is not None else self._old_key()

    def put_key(self, key: bytes) -> None:
        self._store().put(AUDIT_KEY, key)

    def _old_key(self) -> bytes | None:
        value = self._load().get(AUDIT_KEY)
        return base64.b64decode(value) if isinstance(value, str) else None

    def _move_old_key(self, store: keystore.PassphraseFileKeyStore, key: bytes | None) -> None:
        """Offices set up before this version kept the audit key in the anchor file too: it
        moves into the key file (if missing there) and leaves the plain file."""
        with self._lock:
            data = self._load()
            old = data.get(AUDIT_KEY)
            if not isinstance(old, str):
                return
            old_key = base64.b64decode(old)
            if key is None:
                store.put(AUDIT_KEY, old_key)
                key = old_key
            del data[AUDIT_KEY]
            head = data.get(AUDIT_HEAD)
            if isinstance(head, dict) and key == old_key:
                data[ANCHOR_MAC] = _anchor_mac(key, head)
            self._save(data)

    def get_anchor(self) -> Anchor | None:
        value = self._load().get(AUDIT_HEAD)
        if not isinstance(value, dict):
            return None
        key = self.get_key()
        mac = self._load().get(ANCHOR_MAC)
        if (
            key is None
            or not isinstance(mac, str)
            or not hmac.compare_digest(mac, _anchor_mac(key, value))
        ):
            raise VerificationFailed(
                _(
                    "penanda ujung log audit ({name}) diubah di luar program atau bukan milik "
                    "kunci log audit ini"
                ).format(name=self.path.name),
                code="anchor_altered",
            )
        return _anchor_of(json.dumps(value))

    def put_anchor(self, anchor: Anchor) -> None:
        key = self.get_key()
        if key is None:
            raise KeyStoreError(_("Kunci log audit tidak ada di berkas kunci."))
        with self._lock:
            data = self._load()
            head = json.loads(_anchor_json(anchor))
            data[AUDIT_HEAD] = head
            data[ANCHOR_MAC] = _anchor_mac(key, head)
            self._save(data)

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


def _keyed_mac(key: bytes, label: bytes, body: dict[str, Any]) -> str:
    """HMAC of a small JSON value under the audit key; ``label`` keeps the uses apart."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, label + b":" + text, hashlib.sha256).hexdigest()


def _anchor_mac(key: bytes, head: dict[str, Any]) -> str:
    return _keyed_mac(key, b"netral-audit-anchor", head)


def vault_for(layout: HomeLayout | None, meta: dict[str, str], office_code: str) -> Vault:
    """Where this installation keeps its audit key and anchor."""
    kind = meta.get("key_store")
    if kind == keystore.FILE:
        assert layout is not None
        return FileVault(layout.root / ANCHOR_FILE, layout.key_file)
    if kind == keystore.MEMORY:
        return KeyStoreVault(keystore.MemoryKeyStore(office_code, meta["installation_id"]))
    return KeyStoreVault(keystore.KeyringKeyStore(office_code, meta["installation_id"]))


# --- the anchor, kept up to date after each commit ---------------------------------------------


class OfficeSeal(ChainSeal):
    """The audit key of an open office, and the thread that keeps its anchor up to date."""

    def __init__(self, key: bytes, vault: Vault, keyed_from: int) -> None:
        super().__init__(key)
        self.vault = vault
        self.keyed_from = keyed_from
        self._cond = threading.Condition()
        self._pending: tuple[int, str] | None = None
        self._io = threading.Lock()  # one anchor write at a time (thread or flush)
        self._thread: threading.Thread | None = None
        self._closed = False
        self.last_error: BaseException | None = None
        _open_seals.add(self)

    def committed(self, seq: int, mac: str) -> None:
        with self._cond:
            if self._pending is None or self._pending[0] < seq:
                self._pending = (seq, mac)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="netral-audit-anchor", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._closed:
                    if not self._cond.wait(timeout=30):
                        self._thread = None  # idle: a later commit starts a new one
                        return
                if self._pending is None:
                    return
            self._write_pending()
            if self.last_error is not None and self._closed:
                return  # closing with the key store refusing: nothing more can be done
            # What commits meanwhile goes in the next write; a refusing key store is asked
            # again less often.
            time.sleep(ANCHOR_INTERVAL if self.last_error is None else ANCHOR_RETRY)

    def _write_pending(self, *, force: bool = False) -> None:
        with self._io:
            with self._cond:
                head, self._pending = self._pending, None
            if head is None:
                return
            try:
                stored = self.vault.get_anchor()
                # Only forward: another process may already have anchored a later head.
                if force or stored is None or stored.seq < head[0]:
                    self.vault.put_anchor(Anchor(head[0], head[1], self.keyed_from))
                self.last_error = None
            except Exception as exc:  # the anchor thread must not die
                # The key store refused (locked keyring, a D-Bus error, a full disk): keep the
                # head for the next write; ``netral check`` checks against the last anchor.
                self.last_error = exc
                with self._cond:
                    if self._pending is None or self._pending[0] < head[0]:
                        self._pending = head

    def flush(self) -> None:
        """Write the newest committed head now (before a check, and when closing)."""
        self._write_pending()

    def set_anchor(self, seq: int, mac: str) -> None:
        """Anchor this head even if it is older than the anchor (a restore, a verified
        adoption): the caller has checked the chain it ends."""
        with self._cond:
            self._pending = (seq, mac)
        self._write_pending(force=True)

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify()


_open_seals: weakref.WeakSet[OfficeSeal] = weakref.WeakSet()


@atexit.register
def flush_anchors() -> None:
    """Anchor every open office's newest head now (a command's end, the program's exit)."""
    for seal in list(_open_seals):
        seal.flush()


# --- opening an office ---------------------------------------------------------------------


def new_key() -> bytes:
    return secrets.token_bytes(32)


def store_new_key(layout: HomeLayout, store: keystore.KeyStore, audit_key: bytes) -> None:
    """At setup: the new office's audit key into its key store (so a key backup carries it)."""
    store.put(AUDIT_KEY, audit_key)


def forget_key(layout: HomeLayout, store: keystore.KeyStore) -> None:
    """A setup that failed leaves no audit key or anchor behind."""
    store.delete(AUDIT_KEY)
    store.delete(AUDIT_HEAD)
    (layout.root / ANCHOR_FILE).unlink(missing_ok=True)


def stage_vault(layout: HomeLayout, staged: HomeLayout) -> None:
    """A backup opened in a scratch folder finds the audit key where the office keeps it (a
    key-file office: its unlocked key file, and the anchor file beside it; the keyring needs
    nothing)."""
    source = layout.root / ANCHOR_FILE
    if source.is_file():
        staged.root.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, staged.root / ANCHOR_FILE)
    keystore.alias_unlocked(staged.key_file, layout.key_file)


def load_key(ctx: Any) -> bool:
    """After a key file is unlocked (login, ``--passphrase-env``): load the audit key into an
    office opened while it was locked. True when the office can now write."""
    if ctx.db.chain_seal is None:
        office = ctx.origin.split("/")[0]
        attach(ctx.db, ctx.layout, ctx.meta, office)
    return ctx.db.chain_seal is not None or not ctx.meta.get(KEYED_FROM_META)


def setup_meta(audit_key: bytes) -> dict[str, str]:
    """local_meta of a new office: keyed from its first entry, with this key."""
    return {KEYED_FROM_META: "1", KEY_ID_META: audit_chain.key_id(audit_key)}


def attach(
    db: Database,
    layout: HomeLayout | None,
    meta: dict[str, str],
    office: str,
    *,
    vault: Vault | None = None,
) -> None:
    """Load the audit key of an opened office into its Database (open_context calls this).

    An office set up before the key existed gets one now: its plain chain is checked and
    continues keyed from a marker entry, and every sealed row is sealed, in one transaction.
    A key store that refuses (locked keyring) leaves the office readable; writes then fail
    with a clear message and ``netral check`` names the missing key.
    """
    vault = vault or vault_for(layout, meta, office)
    if not meta.get(KEYED_FROM_META):
        _key_the_chain(db, vault, meta)
        return
    try:
        key = vault.get_key()
    except NetralError:
        return
    if key is None or audit_chain.key_id(key) != meta.get(KEY_ID_META):
        return
    seal = OfficeSeal(key, vault, int(meta[KEYED_FROM_META]))
    db.chain_seal = seal
    if layout is not None and (layout.root / RESTORE_PENDING).exists():
        _finish_restore(db, seal, layout)
    _adopt_if_unanchored(db, seal)


# --- a restore interrupted between putting the file in place and moving the anchor ----------


def mark_restore_pending(key: bytes, layout: HomeLayout, head: tuple[int, str]) -> None:
    """Before a restore puts its database in place: the head the restored log ends with,
    under the audit key (a marker nobody without the key can forge to move the anchor back)."""
    from netral_desktop.services.files import write_file

    body = {"seq": head[0], "mac": head[1]}
    marker = {**body, "marker_mac": _marker_mac(key, body)}
    write_file(layout.root / RESTORE_PENDING, json.dumps(marker).encode())


def _marker_mac(key: bytes, body: dict[str, Any]) -> str:
    return _keyed_mac(key, b"netral-restore-pending", body)


def _finish_restore(db: Database, seal: OfficeSeal, layout: HomeLayout) -> None:
    """On opening: a restore was cut short. If the database in place is the restored one (its
    log holds the marked head and verifies under the key), its head is anchored; otherwise the
    restore never replaced the file and the marker (and any half-made copy) is dropped."""
    marker_path = layout.root / RESTORE_PENDING
    try:
        marker = json.loads(marker_path.read_text(encoding="utf-8"))
        seq, mac = int(marker["seq"]), str(marker["mac"])
        body: dict[str, Any] = {"seq": seq, "mac": mac}
        genuine = hmac.compare_digest(str(marker["marker_mac"]), _marker_mac(seal.key, body))
    except (OSError, ValueError, KeyError, TypeError):
        genuine = False
    if genuine:
        with db.read_session() as session:
            at_seq = audit_store.entries_after(session, seq - 1, limit=1)
        if at_seq and at_seq[0].seq == seq and at_seq[0].hash == mac:
            walked = _walk(db, seal.key, seal.keyed_from, None)
            if walked.problems:
                return  # left for ``netral check`` to name; the marker stays
            seal.set_anchor(walked.last_seq, walked.last_mac)
    (layout.root / RESTORE_PART).unlink(missing_ok=True)
    marker_path.unlink(missing_ok=True)


def _adopt_if_unanchored(db: Database, seal: OfficeSeal) -> None:
    """No anchor yet (a new office, keys restored on a new machine): anchor the head, but
    only of a chain that verifies under the key."""
    try:
        if seal.vault.get_anchor() is not None:
            return
    except NetralError:
        return
    walked = _walk(db, seal.key, seal.keyed_from, None)
    if not walked.problems and walked.entries:
        seal.set_anchor(walked.last_seq, walked.last_mac)


def _key_the_chain(db: Database, vault: Vault, meta: dict[str, str]) -> None:
    """Key the chain of an office set up before the audit key existed: inside one write
    transaction (so two processes starting at once make one key, not two), the key is made
    if the key store has none, the plain chain checked, a marker entry appended keyed, every
    sealed row sealed, and the start of the keyed part recorded."""
    with db.write_session() as session:
        hold_until_commit(session, audit_store.CHAIN_LOCK)
        current = office_store.meta(session)
        if current.get(KEYED_FROM_META):  # another process keyed it meanwhile
            meta.update(current)
            keyed_from = int(current[KEYED_FROM_META])
            key = None
        else:
            try:
                key = vault.get_key()
                if key is None:
                    key = new_key()
                    vault.put_key(key)
            except NetralError:
                return  # no key store answers: the office stays unkeyed until one does
            old = audit_chain.walk(_rows(session), key=None, keyed_from=None, anchor=None)
            keyed_from = old.last_seq + 1
            db.chain_seal = OfficeSeal(key, vault, keyed_from)
            audit_store.append(session, [_marker(keyed_from, old)])
            seals.seal_all(session, key)
            office_store.add_meta(
                session, {KEYED_FROM_META: str(keyed_from), KEY_ID_META: audit_chain.key_id(key)}
            )
    if key is None:  # keyed by another process: load its key like any keyed office
        attach(db, None, meta, "", vault=vault)
        return
    meta.update({KEYED_FROM_META: str(keyed_from), KEY_ID_META: audit_chain.key_id(key)})
    assert isinstance(db.chain_seal, OfficeSeal)
    db.chain_seal.flush()


def _marker(keyed_from: int, old: ChainWalk) -> dict[str, Any]:
    from netral_desktop.core.clock import SystemClock, iso_utc

    if old.problems:
        state = _("rusak sejak entri #{seq} ({reason})").format(
            seq=old.problems[0].seq, reason=old.problems[0].reason
        )
    else:
        state = _("utuh")
    return {
        "at": iso_utc(SystemClock().now()),
        "actor": "system",
        "action": MARKER_ACTION,
        "table_name": "audit_log",
        "record_id": str(keyed_from),
        "note": _(
            "Log audit dikunci dengan kunci kantor (HMAC-SHA256) mulai entri #{seq}; {n} entri "
            "sebelumnya diperiksa dengan hash biasa: {state}."
        ).format(seq=keyed_from, n=old.entries, state=state),
    }


def _rows(session: Session, batch: int = 5000) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        rows = audit_store.entries_after(session, last, limit=batch)
        if not rows:
            return
        for row in rows:
            yield row.__dict__
        last = rows[-1].seq


# --- checking ------------------------------------------------------------------------------


@dataclass
class ChainReport:
    """The audit chain checked: entries seen and every kind of break found (first first)."""

    entries: int
    problems: list[ChainProblem] = field(default_factory=list)
    head: tuple[int, str] = (0, audit_chain.GENESIS)
    anchored: Anchor | None = None
    keyed_from: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def broken_seq(self) -> int | None:
        return self.problems[0].seq if self.problems else None

    @property
    def reason(self) -> str:
        return self.problems[0].reason if self.problems else ""

    def describe(self) -> str:
        """One line per problem: which entry, what kind of break."""
        return "; ".join(
            _("entri #{seq}: {reason}").format(seq=p.seq, reason=p.reason) for p in self.problems
        )


def _walk(
    db: Database, key: bytes | None, keyed_from: int | None, anchor: Anchor | None
) -> ChainWalk:
    def rows() -> Iterator[dict[str, Any]]:
        for row in audit_store.iter_chain(db.read_session):
            yield row.__dict__

    return audit_chain.walk(rows(), key=key, keyed_from=keyed_from, anchor=anchor)


def verify_chain(target: Any, *, anchored: bool = True) -> ChainReport:
    """Walk the whole log (a ServiceContext or its Database) under the audit key and hold its
    end against the anchor: names every edited, removed, reordered, recomputed, truncated or
    wholly deleted part (``netral check`` and restores use this). ``anchored=False`` checks
    the chain alone (a backup about to be restored is older than the anchor)."""
    db: Database = getattr(target, "db", target)
    with db.read_session() as session:
        meta = office_store.meta(session)
    keyed_from = int(meta[KEYED_FROM_META]) if meta.get(KEYED_FROM_META) else None
    seal = db.chain_seal if isinstance(db.chain_seal, OfficeSeal) else None
    anchor: Anchor | None = None
    problems: list[ChainProblem] = []
    if seal is not None and anchored:
        seal.flush()
        try:
            anchor = seal.vault.get_anchor()
        except NetralError as exc:
            problems.append(ChainProblem(0, audit_chain.NO_KEY, str(exc)))
        if anchor is not None:
            # The anchor's record of where the keyed part begins wins over the file's.
            keyed_from = anchor.keyed_from
    key = seal.key if seal is not None else None
    walked = _walk(db, key, keyed_from, anchor)
    if keyed_from is not None and key is None and not walked.entries:
        problems.append(
            ChainProblem(
                0,
                audit_chain.NO_KEY,
                _("kunci log audit tidak ada di penyimpan kunci; pulihkan kunci kantor"),
            )
        )
    return ChainReport(
        walked.entries,
        problems + walked.problems,
        (walked.last_seq, walked.last_mac),
        anchor,
        keyed_from,
    )


def chain_head(ctx: Any) -> tuple[int, str]:
    """(seq, MAC) of the newest entry of the log (what a sync bundle signs in)."""
    with ctx.db.read_session() as session:
        return audit_store.chain_head(session)


def adopt_head(ctx: Any) -> ChainReport:
    """After a restore: anchor the restored database's head, if its chain verifies under the
    key (the anchor is otherwise only moved forward); refused with the problems if not."""
    seal = ctx.db.chain_seal
    if not isinstance(seal, OfficeSeal):
        return verify_chain(ctx)
    walked = _walk(ctx.db, seal.key, seal.keyed_from, None)
    report = ChainReport(walked.entries, walked.problems, (walked.last_seq, walked.last_mac))
    if walked.problems:
        raise VerificationFailed(
            _("Log audit cadangan ini tidak utuh: {problems}").format(problems=report.describe()),
            code="chain_broken",
        )
    seal.set_anchor(walked.last_seq, walked.last_mac)
    return report


@dataclass
class SealReport:
    """The seals on rows that grant rights or appear on papers."""

    checked: int
    broken: list[seals.BrokenSeal]
    key_missing: bool = False

    @property
    def ok(self) -> bool:
        return not self.broken and not self.key_missing

    def describe(self) -> str:
        shown = [
            _("{table} '{label}'").format(table=_table_words(b.table), label=b.label)
            for b in self.broken[:5]
        ]
        more = len(self.broken) - len(shown)
        text = ", ".join(shown) + (_(" dan {n} lainnya").format(n=more) if more > 0 else "")
        return _("{n} baris diubah di luar program (tidak cocok dengan segelnya): {rows}").format(
            n=len(self.broken), rows=text
        )


def _table_words(table: str) -> str:
    return {
        "user_account": _("akun"),
        "office": _("kantor"),
        "issued_document": _("dokumen"),
        "numbering_scheme": _("format nomor"),
    }[table]


def check_seals(target: Any) -> SealReport:
    db: Database = getattr(target, "db", target)
    seal = db.chain_seal
    with db.read_session() as session:
        keyed = bool(office_store.meta(session).get(KEYED_FROM_META))
        if seal is None:
            return SealReport(0, [], key_missing=keyed)
        checked, broken = seals.broken_seals(session, seal.key)
        users = accounts_store.all_users(session)
    flagged = {(b.table, b.key) for b in broken}
    broken += [
        seals.BrokenSeal("user_account", user.id, user.username)
        for user in users
        if ("user_account", user.id) not in flagged and not account_agrees_with_log(db, user)
    ]
    return SealReport(checked, broken)


def account_agrees_with_log(db: Database, user: Any) -> bool:
    """Whether an account's role and active flag are the last ones its audit entries record
    (a row put back from an older copy, seal and all, is not)."""
    with db.read_session() as session:
        entries = audit_store.history(session, table_name="user_account", record_id=user.id)
    logged = audit_chain.logged_rights(e.new_values for e in entries)
    return not audit_chain.rights_disagree({k: getattr(user, k) for k in logged}, logged)


def row_intact(db: Database, row: Any, table: str | None = None) -> bool:
    """Whether a row of a sealed table still matches its seal (True for an office not keyed
    yet, whose rows are sealed on its first start with the key)."""
    seal = db.chain_seal
    if seal is None:
        with db.read_session() as session:
            return not office_store.meta(session).get(KEYED_FROM_META)
    return seals.row_intact(seal.key, table or str(row.__tablename__), row)


@dataclass
class ResealResult:
    rows: list[seals.BrokenSeal]
    anchor_moved: tuple[int, int] | None = None  # (from, to)


def reseal(ctx: Any) -> ResealResult:
    """An administrator's re-seal after a legitimate repair (or a restore made outside the
    program), each step audited:

    * every row whose seal no longer matches is sealed as it now stands;
    * if the chain itself is whole (every link and MAC) but its end does not meet the anchor
      (entries removed from the end, an older database put back), the anchor is moved to the
      chain's head. A chain broken inside is never re-sealed: that stays on record.
    """
    actor = ctx.require(Permission.MANAGE_ACCOUNTS)
    seal = ctx.db.chain_seal
    if not isinstance(seal, OfficeSeal):
        raise VerificationFailed(
            _("Kunci log audit tidak ada di penyimpan kunci: tidak ada yang dapat disegel."),
            code="audit_key_missing",
        )
    report = verify_chain(ctx)
    inner = [p for p in report.problems if p.kind not in _ANCHOR_KINDS]
    move = report.anchored if (report.problems and not inner) else None
    with ctx.db.write_session() as session:
        _checked, broken = seals.broken_seals(session, seal.key)
        seals.reseal_rows(session, seal.key, broken)
        entries = [
            _reseal_entry(
                ctx,
                actor.username,
                row.table,
                row.key,
                _("disegel ulang oleh administrator setelah diperiksa: {label}").format(
                    label=row.label
                ),
            )
            for row in broken
        ]
        if move is not None:
            entries.append(
                _reseal_entry(
                    ctx,
                    actor.username,
                    "audit_log",
                    str(report.head[0]),
                    _(
                        "kepala rantai di luar basis data dipindah dari #{old} ke #{new} oleh "
                        "administrator setelah diperiksa ({reason})"
                    ).format(old=move.seq, new=report.head[0], reason=report.reason),
                )
            )
        if entries:
            audit_store.append(session, entries)
    if move is not None:
        seal.set_anchor(*chain_head(ctx))
    return ResealResult(broken, (move.seq, report.head[0]) if move is not None else None)


_ANCHOR_KINDS = frozenset({audit_chain.TRUNCATED, audit_chain.DELETED, audit_chain.REPLACED})


def _reseal_entry(ctx: Any, actor: str, table: str, record_id: str, note: str) -> dict[str, Any]:
    return {
        "at": ctx.now_iso(),
        "actor": actor,
        "action": "reseal",
        "table_name": table,
        "record_id": record_id,
        "note": note,
    }


@dataclass
class IntegrityStatus:
    """What the window's audit page shows at its top: the chain and the seals."""

    chain: ChainReport
    seals: SealReport

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.seals.ok


def status(ctx: Any) -> IntegrityStatus:
    ctx.require(Permission.VIEW_AUDIT)
    return IntegrityStatus(verify_chain(ctx), check_seals(ctx))
