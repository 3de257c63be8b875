package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantFileKind;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.merchant.MerchantFileReport.RejectedRow;
import dev.dangol.merchant.MerchantFiles;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Imports the agency's master-data files of merchants (docs/merchant-master-data.md). A file is first copied to a
 * temporary file while its SHA-256 is computed, so that a file seen before is recognised before anything is read,
 * and so that two million rows are streamed from disk rather than held in memory. Its rows are then applied in one
 * transaction, compared with what the registry holds: added, changed, unchanged, and for a full file, closed when
 * no longer listed. Nearest-first search learns of the changes only after the transaction commits.
 */
final class MerchantFileSync implements MerchantFiles {

    static final int HISTORY_MAX = 1_000;
    /** Rows whose merchants are looked up together. */
    private static final int CHUNK = 500;

    static final int WARNINGS_MAX = 20;
    private static final int FILE_NAME_MAX = 200;
    private static final int CLOSE_PAGE = 5_000;
    private static final Charset CP949 = Charset.forName("x-windows-949");
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("Asia/Seoul"));

    static final List<String> REQUIRED = List.of(
            "agency_id", "business_number", "name_korean", "name_romanised", "address", "town_code", "industry");
    static final List<String> OPTIONAL = List.of(
            "previous_agency_ids",
            "crs",
            "x",
            "y",
            "lat",
            "lon",
            "market",
            "revenue_band",
            "annual_revenue_krw",
            "status",
            "status_reason",
            "bank_code",
            "account_number",
            "account_holder");

    private final MerchantRegistry registry;
    private final MerchantStore store;
    private final Coordinates coordinates;
    private final IdSource ids;
    private final long maxBytes;
    private final int maxRows;

    MerchantFileSync(MerchantRegistry registry, Coordinates coordinates, IdSource ids, long maxBytes, int maxRows) {
        if (maxBytes < 1 || maxRows < 1) {
            throw new IllegalArgumentException("a file's limits must be positive");
        }
        this.registry = registry;
        this.store = registry.store();
        this.coordinates = coordinates;
        this.ids = ids;
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
    }

    @Override
    public MerchantFileReport importFile(MerchantFileKind kind, String fileName, InputStream bytes, PersonId by) {
        if (kind == null) {
            throw Rejection.invalid("KIND_MISSING", "Say whether the file is FULL or DELTA in 'kind'.");
        }
        String name = fileName == null || fileName.isBlank()
                ? null
                : fileName.strip().substring(0, Math.min(fileName.strip().length(), FILE_NAME_MAX));
        Path spool = null;
        try {
            spool = Files.createTempFile("dangol-merchant-file-", ".csv");
            String sha256 = copy(bytes, spool);
            Optional<MerchantFileReport> seen = store.fileBySha256(sha256);
            if (seen.isPresent()) {
                return repeated(seen.get(), kind);
            }
            Path file = spool;
            Text text = encoding(file);
            Applied applied = registry.changeMany(
                    () -> {
                        // Checked again inside the transaction and the registry's lock, where no other import runs.
                        Optional<MerchantFileReport> raced = store.fileBySha256(sha256);
                        if (raced.isPresent()) {
                            return new Applied(repeated(raced.get(), kind), List.of());
                        }
                        return apply(kind, name, sha256, file, text, by);
                    },
                    Applied::changed);
            return applied.report();
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the merchant file while importing it", e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    // A temporary file left behind is the system's to clean; the import itself is unaffected.
                }
            }
        }
    }

    @Override
    public List<MerchantFileReport> history(int limit) {
        if (limit < 1 || limit > HISTORY_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + HISTORY_MAX);
        }
        return store.files(limit);
    }

    private static MerchantFileReport repeated(MerchantFileReport first, MerchantFileKind kind) {
        if (first.kind() != kind) {
            throw Rejection.conflict(
                    "MERCHANT_FILE_KIND_CLASH",
                    "This file was imported before as a " + first.kind() + " file (import " + first.id()
                            + "); send it as " + first.kind() + " or send a new file.");
        }
        return first.asRepeated();
    }

    /** The merchants a transaction changed, for the index, and its report. */
    private record Applied(MerchantFileReport report, List<Merchant> changed) {}

    /** How a file's bytes are read as text. */
    private record Text(Charset charset, int skip, String label, String warning) {}

    private String copy(InputStream in, Path spool) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), digest)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > maxBytes) {
                    throw Rejection.refused(
                            "MERCHANT_FILE_TOO_LARGE",
                            "The file is larger than " + maxBytes + " bytes, the most one import takes; split it"
                                    + " into delta files, or raise dangol.merchant.file.max-bytes.");
                }
                out.write(buffer, 0, read);
            }
        }
        if (total == 0) {
            throw Rejection.invalid("MERCHANT_FILE_EMPTY", "The file is empty; send the CSV file as the body.");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * UTF-8 if the whole file decodes as UTF-8 (with or without a byte-order mark), otherwise CP949, the encoding of
     * Korean spreadsheets' CSV exports. Valid CP949 text with Hangul in it is almost never valid UTF-8, so the test
     * is safe that way round.
     */
    private static Text encoding(Path file) throws IOException {
        int skip = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(3);
            if (head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
                skip = 3;
            }
        }
        if (decodes(file, skip, StandardCharsets.UTF_8)) {
            return new Text(StandardCharsets.UTF_8, skip, "UTF-8", null);
        }
        if (!decodes(file, skip, CP949)) {
            throw Rejection.refused(
                    "MERCHANT_FILE_UNREADABLE",
                    "The file is neither UTF-8 nor CP949 text; save it as CSV in UTF-8 and send it again.");
        }
        return new Text(
                CP949,
                skip,
                "CP949",
                skip == 0
                        ? null
                        : "The file starts with a UTF-8 byte-order mark but is CP949 text; it was read as CP949.");
    }

    private static boolean decodes(Path file, int skip, Charset charset) throws IOException {
        try (Reader reader = reader(file, skip, charset)) {
            char[] buffer = new char[64 * 1024];
            while (reader.read(buffer) != -1) {
                // Reading to the end is the test.
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Reader reader(Path file, int skip, Charset charset) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        in.skipNBytes(skip);
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(in, decoder);
    }

    private Applied apply(MerchantFileKind kind, String fileName, String sha256, Path file, Text text, PersonId by) {
        store.beginBulkChange();
        Instant now = registry.now();
        String importId = ids.next();
        List<String> warnings = new ArrayList<>();
        if (text.warning() != null) {
            warnings.add(text.warning());
        }
        Counts counts = new Counts();
        List<RejectedRow> rejections = new ArrayList<>();
        List<Merchant> changed = new ArrayList<>();
        // Every agency id the file lists, rejected rows included: a full file closes only merchants it leaves out.
        Set<String> listed = new HashSet<>();
        Map<String, Long> agencyIdLines = new HashMap<>();
        Map<String, Long> businessNumberLines = new HashMap<>();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(false)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .setAllowMissingColumnNames(true)
                .get();
        try (Reader reader = reader(file, text.skip(), text.charset());
                CSVParser parser = format.parse(reader)) {
            Map<String, Integer> columns = columns(parser.getHeaderNames(), warnings);
            long previousEnd = parser.getCurrentLineNumber();
            List<Pending> chunk = new ArrayList<>(CHUNK);
            Lookup lookup = new Lookup(now);
            for (CSVRecord record : parser) {
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                Fields row = new Fields(record, columns);
                if (row.allBlank()) {
                    continue;
                }
                counts.rows++;
                if (counts.rows > maxRows) {
                    throw Rejection.refused(
                            "MERCHANT_FILE_TOO_LARGE",
                            "The file has more than " + maxRows + " rows, the most one import takes; split it into"
                                    + " delta files, or raise dangol.merchant.file.max-rows. Nothing was applied.");
                }
                String agencyId = row.get("agency_id");
                if (agencyId != null) {
                    listed.add(agencyId);
                }
                chunk.add(new Pending(line, agencyId, row));
                if (chunk.size() == CHUNK) {
                    applyChunk(chunk, lookup, agencyIdLines, businessNumberLines, now, counts, changed, rejections);
                    chunk.clear();
                }
            }
            applyChunk(chunk, lookup, agencyIdLines, businessNumberLines, now, counts, changed, rejections);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw Rejection.refused(
                    "MERCHANT_FILE_UNREADABLE",
                    "The file is not valid CSV (" + clip(String.valueOf(e.getMessage()), 150) + "); check for an"
                            + " unclosed quote, fix the file and send it again. Nothing was applied.");
        }
        if (kind == MerchantFileKind.FULL) {
            closeUnlisted(listed, importId, now, counts, changed);
        }
        MerchantFileReport report = new MerchantFileReport(
                importId,
                sha256,
                kind,
                fileName,
                text.label(),
                now,
                counts.rows,
                counts.added,
                counts.changed,
                counts.unchanged,
                counts.closed,
                counts.rejected,
                rejections,
                warnings,
                false);
        store.recordFile(report, by == null ? null : by.value());
        return new Applied(report, changed);
    }

    /** A row read and waiting for its chunk's look-ups. */
    private record Pending(long line, String agencyId, Fields row) {}

    /**
     * Applies a chunk of rows, after fetching together every merchant their agency ids (and previous ids) name: two
     * queries for a thousand rows instead of two or three for each.
     */
    private void applyChunk(
            List<Pending> chunk,
            Lookup lookup,
            Map<String, Long> agencyIdLines,
            Map<String, Long> businessNumberLines,
            Instant now,
            Counts counts,
            List<Merchant> changed,
            List<RejectedRow> rejections) {
        if (chunk.isEmpty()) {
            return;
        }
        Set<String> named = new HashSet<>();
        for (Pending pending : chunk) {
            if (pending.agencyId() != null && pending.agencyId().length() <= 40) {
                named.add(pending.agencyId());
            }
            String previous = pending.row().get("previous_agency_ids");
            if (previous != null) {
                for (String id : previous.split("[|;]")) {
                    if (!id.isBlank() && id.strip().length() <= 40 && named.size() < 2 * CHUNK) {
                        named.add(id.strip());
                    }
                }
            }
        }
        lookup.prefetch(named);
        for (Pending pending : chunk) {
            String problem = applyRow(
                    pending.row(),
                    pending.line(),
                    pending.agencyId(),
                    lookup,
                    agencyIdLines,
                    businessNumberLines,
                    now,
                    counts,
                    changed);
            if (problem != null) {
                counts.rejected++;
                if (rejections.size() < MerchantFileReport.REJECTIONS_LISTED_MAX) {
                    String agencyId = pending.agencyId();
                    rejections.add(new RejectedRow(
                            pending.line(), agencyId == null ? null : clip(agencyId, 40), clip(problem, 300)));
                }
            }
        }
        lookup.flush();
    }

    /**
     * Merchants by agency id and alias as fetched for the current chunk, and the chunk's writes, which go to the store
     * together as batches at the end of the chunk. An answer is taken from the fetch only while nothing in this chunk
     * has written under that id or to that merchant; otherwise the writes held so far go to the store and the store
     * is asked again, so that a row always sees what the rows before it did.
     */
    private final class Lookup {

        private final Instant now;
        private final List<Merchant> inserts = new ArrayList<>(CHUNK);
        private final List<MerchantStore.Alias> newAliases = new ArrayList<>();
        private final List<Merchant> updates = new ArrayList<>(CHUNK);
        private final Map<String, Merchant> current = new HashMap<>();
        private final Map<String, Merchant> aliases = new HashMap<>();
        private final Set<String> fetched = new HashSet<>();
        private final Set<String> writtenIds = new HashSet<>();
        private final Set<MerchantId> writtenMerchants = new HashSet<>();

        Lookup(Instant now) {
            this.now = now;
        }

        void insert(Merchant merchant, String agencyId) {
            inserts.add(merchant);
            wrote(merchant, agencyId);
        }

        /** Keeps the merchant's agency id before this row as an alias. */
        void addAlias(Merchant before, String agencyId) {
            newAliases.add(new MerchantStore.Alias(before.agencyId(), before.id()));
            wrote(before, agencyId, before.agencyId());
        }

        void update(Merchant before, Merchant after, String agencyId) {
            updates.add(after);
            wrote(before, agencyId, before.agencyId());
        }

        /**
         * Sends the held writes to the store. New merchants go first, then aliases (of merchants that already
         * existed), then changes; no merchant is written twice in one flush, because a row that names a merchant
         * written in this chunk asks the store, and so flushes, first.
         */
        void flush() {
            store.insertAll(inserts, now);
            store.addAliases(newAliases, now);
            store.updateAll(updates, now);
            inserts.clear();
            newAliases.clear();
            updates.clear();
        }

        void prefetch(Set<String> agencyIds) {
            flush();
            current.clear();
            aliases.clear();
            fetched.clear();
            writtenIds.clear();
            writtenMerchants.clear();
            fetched.addAll(agencyIds);
            current.putAll(store.byCurrentAgencyIds(agencyIds));
            aliases.putAll(store.byAliases(agencyIds));
        }

        Optional<Merchant> current(String agencyId) {
            if (fresh(agencyId, current)) {
                return Optional.ofNullable(current.get(agencyId));
            }
            flush();
            return store.byCurrentAgencyId(agencyId);
        }

        Optional<Merchant> alias(String agencyId) {
            if (fresh(agencyId, aliases)) {
                return Optional.ofNullable(aliases.get(agencyId));
            }
            flush();
            return store.byAlias(agencyId);
        }

        private void wrote(Merchant merchant, String... agencyIds) {
            writtenMerchants.add(merchant.id());
            writtenIds.addAll(Arrays.asList(agencyIds));
        }

        private boolean fresh(String agencyId, Map<String, Merchant> fetchedMerchants) {
            if (!fetched.contains(agencyId) || writtenIds.contains(agencyId)) {
                return false;
            }
            Merchant merchant = fetchedMerchants.get(agencyId);
            return merchant == null || !writtenMerchants.contains(merchant.id());
        }
    }

    private static final class Counts {
        int rows;
        int added;
        int changed;
        int unchanged;
        int closed;
        int rejected;
    }

    /** The columns Dangol reads, by position; unknown ones become a warning, a missing required one a refusal. */
    private static Map<String, Integer> columns(List<String> header, List<String> warnings) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
            if (REQUIRED.contains(name) || OPTIONAL.contains(name)) {
                if (columns.putIfAbsent(name, i) != null) {
                    throw Rejection.refused(
                            "MERCHANT_FILE_UNREADABLE",
                            "The column '" + name + "' appears twice in the header; keep one and send the file"
                                    + " again. Nothing was applied.");
                }
            } else if (!name.isEmpty()) {
                unknown.add(clip(name, 40));
            }
        }
        List<String> missing =
                REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw Rejection.refused(
                    "MERCHANT_FILE_UNREADABLE",
                    "The file's header lacks the column(s) " + missing + "; the first line must name the columns"
                            + " (docs/merchant-master-data.md). Nothing was applied.");
        }
        if (!unknown.isEmpty() && warnings.size() < WARNINGS_MAX) {
            warnings.add(clip("Columns Dangol does not read were ignored: " + String.join(", ", unknown) + ".", 300));
        }
        return columns;
    }

    /** A row's values by column name; blank values read as null. */
    private record Fields(CSVRecord record, Map<String, Integer> columns) {

        String get(String column) {
            Integer at = columns.get(column);
            if (at == null || at >= record.size()) {
                return null;
            }
            String value = record.get(at).strip();
            return value.isEmpty() ? null : value;
        }

        boolean allBlank() {
            for (String value : record) {
                if (!value.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Applies one row; returns why it was rejected, or null if it was applied. */
    private String applyRow(
            Fields row,
            long line,
            String agencyId,
            Lookup lookup,
            Map<String, Long> agencyIdLines,
            Map<String, Long> businessNumberLines,
            Instant now,
            Counts counts,
            List<Merchant> changed) {
        if (agencyId == null) {
            return "agency_id is blank; every row needs the agency's id of the merchant.";
        }
        Long firstLine = agencyIdLines.putIfAbsent(agencyId, line);
        if (firstLine != null) {
            return "agency_id " + clip(agencyId, 40) + " is listed again; line " + firstLine
                    + " has it already and was the one applied. Keep one row per merchant.";
        }
        Row parsed;
        try {
            parsed = parse(row);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        Long businessLine =
                businessNumberLines.putIfAbsent(parsed.businessNumber().digits(), line);
        if (businessLine != null) {
            return "business_number " + parsed.businessNumber().printed() + " is listed again; line " + businessLine
                    + " has it already and was the one applied. Keep one row per business.";
        }
        // The merchant is found by its agency id now, by an alias, or by an id the row says it had before.
        Optional<Merchant> byCurrent = lookup.current(agencyId);
        Optional<Merchant> existing = byCurrent.or(() -> lookup.alias(agencyId));
        for (String previous : parsed.previousAgencyIds()) {
            if (existing.isPresent()) {
                break;
            }
            existing = lookup.current(previous).or(() -> lookup.alias(previous));
        }
        if (byCurrent.isEmpty()
                && existing.isPresent()
                && !existing.get().agencyId().equals(agencyId)) {
            // Renamed; but if the new id was an earlier id of some other merchant, the row contradicts the registry.
            Optional<Merchant> holder = lookup.alias(agencyId);
            if (holder.isPresent() && !holder.get().id().equals(existing.get().id())) {
                return "agency_id " + agencyId + " was an earlier id of merchant "
                        + holder.get().id() + ", not of the merchant its previous ids name; check previous_agency_ids.";
            }
        }
        Merchant merchant;
        try {
            merchant = parsed.toMerchant(
                    existing.map(Merchant::id).orElseGet(() -> MerchantId.of(ids.next())), agencyId, existing, now);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (existing.isEmpty()) {
            lookup.insert(merchant, agencyId);
            counts.added++;
            changed.add(merchant);
            return null;
        }
        Merchant before = existing.get();
        if (!before.agencyId().equals(agencyId)
                && lookup.alias(before.agencyId()).isEmpty()) {
            lookup.addAlias(before, agencyId);
        }
        if (merchant.equals(before)) {
            counts.unchanged++;
            return null;
        }
        lookup.update(before, merchant, agencyId);
        counts.changed++;
        changed.add(merchant);
        return null;
    }

    private void closeUnlisted(
            Set<String> listed, String importId, Instant now, Counts counts, List<Merchant> changed) {
        String reason =
                "Not listed in the agency's full master-data file of " + DAY.format(now) + " (import " + importId + ")";
        MerchantId after = null;
        while (true) {
            // Ids and agency ids only: in a national file almost every merchant is listed, so few rows are read whole.
            List<MerchantStore.Listing> page = store.listings(after, CLOSE_PAGE);
            if (page.isEmpty()) {
                return;
            }
            List<MerchantId> unlisted = new ArrayList<>();
            for (MerchantStore.Listing listing : page) {
                if (!listing.closed() && !listed.contains(listing.agencyId())) {
                    unlisted.add(listing.id());
                }
            }
            List<Merchant> closures = new ArrayList<>(unlisted.size());
            for (Merchant merchant : store.merchants(unlisted)) {
                closures.add(merchant.withStatus(new MerchantStatus.Closed(reason, now)));
            }
            store.updateAll(closures, now);
            counts.closed += closures.size();
            changed.addAll(closures);
            after = page.getLast().id();
        }
    }

    /** A row's values, checked one by one so that the reason names the column to fix. */
    private record Row(
            List<String> previousAgencyIds,
            BusinessNumber businessNumber,
            String nameKorean,
            String nameRomanised,
            String address,
            String townCode,
            GeoPoint location,
            Industry industry,
            String market,
            RevenueBand revenueBand,
            String status,
            String statusReason,
            SettlementAccount account) {

        Merchant toMerchant(MerchantId id, String agencyId, Optional<Merchant> existing, Instant now) {
            MerchantStatus before = existing.map(Merchant::status).orElse(MerchantStatus.ACTIVE);
            MerchantStatus after = switch (status) {
                // An operator's suspension is Dangol's own decision, which master data does not lift.
                case "ACTIVE" -> before instanceof MerchantStatus.Suspended ? before : MerchantStatus.ACTIVE;
                case "SUSPENDED" ->
                    before instanceof MerchantStatus.Suspended s && s.reason().equals(statusReason)
                            ? before
                            : new MerchantStatus.Suspended(statusReason, now);
                default ->
                    before instanceof MerchantStatus.Closed c && c.reason().equals(statusReason)
                            ? before
                            : new MerchantStatus.Closed(statusReason, now);
            };
            // A file without bank details keeps the account the merchant gave Dangol.
            SettlementAccount settlement = account != null
                    ? account
                    : existing.map(Merchant::settlementAccount).orElse(null);
            return new Merchant(
                    id,
                    agencyId,
                    businessNumber,
                    nameKorean,
                    nameRomanised,
                    address,
                    townCode,
                    location,
                    industry,
                    market,
                    revenueBand,
                    after,
                    settlement);
        }
    }

    private Row parse(Fields row) {
        List<String> previous = new ArrayList<>();
        String previousText = row.get("previous_agency_ids");
        if (previousText != null) {
            for (String id : previousText.split("[|;]")) {
                String stripped = id.strip();
                if (stripped.isEmpty()) {
                    continue;
                }
                check(
                        stripped.matches("[A-Za-z0-9_-]{1,40}"),
                        "previous_agency_ids: '" + clip(stripped, 40)
                                + "' is not an agency id (1 to 40 letters, digits, '-' or '_'); separate ids with '|'.");
                previous.add(stripped);
            }
            check(previous.size() <= 20, "previous_agency_ids lists more than 20 ids; keep the 20 latest.");
        }
        BusinessNumber businessNumber;
        String businessText = row.get("business_number");
        check(businessText != null, "business_number is blank; give the 10-digit business registration number.");
        try {
            businessNumber = BusinessNumber.parse(businessText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "business_number: " + e.getMessage() + "; check it against the business registration certificate.");
        }
        String townCode = row.get("town_code");
        check(
                townCode != null && townCode.matches("[0-9]{5}"),
                "town_code must be the 5-digit code of the town (시군구), such as 11110 for Jongno-gu.");
        String industryText = row.get("industry");
        Industry industry;
        try {
            industry = Industry.valueOf(industryText == null ? "" : industryText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("industry '" + clip(String.valueOf(industryText), 40)
                    + "' is not one of Dangol's industry codes (docs/merchant-master-data.md), such as RESTAURANT.");
        }
        return new Row(
                previous,
                businessNumber,
                required(row, "name_korean"),
                required(row, "name_romanised"),
                required(row, "address"),
                townCode,
                location(row),
                industry,
                row.get("market"),
                revenueBand(row),
                status(row),
                row.get("status_reason"),
                account(row));
    }

    private GeoPoint location(Fields row) {
        String lat = row.get("lat");
        String lon = row.get("lon");
        if (lat != null || lon != null) {
            check(lat != null && lon != null, "lat and lon go together; give both or neither.");
            return point(Coordinates.Crs.WGS84, lon, lat, "lon", "lat");
        }
        String x = row.get("x");
        String y = row.get("y");
        if (x == null && y == null) {
            return null;
        }
        check(x != null && y != null, "x and y go together; give both or neither.");
        String crsText = row.get("crs");
        Coordinates.Crs crs = Coordinates.Crs.parse(crsText)
                .orElseThrow(() -> new IllegalArgumentException("crs '" + clip(crsText, 20)
                        + "' is not one Dangol converts; use WGS84, EPSG:5174 or EPSG:5179."));
        return point(crs, x, y, "x", "y");
    }

    private GeoPoint point(Coordinates.Crs crs, String xText, String yText, String xName, String yName) {
        double x;
        double y;
        try {
            x = Double.parseDouble(xText);
        } catch (NumberFormatException e) {
            throw notANumber(xName, xText);
        }
        try {
            y = Double.parseDouble(yText);
        } catch (NumberFormatException e) {
            throw notANumber(yName, yText);
        }
        Coordinates.Result result = coordinates.toWgs84(crs, x, y);
        check(result.point() != null, xName + "/" + yName + ": " + result.problem() + ".");
        return result.point();
    }

    private static IllegalArgumentException notANumber(String column, String text) {
        return new IllegalArgumentException(
                column + " '" + clip(text, 30) + "' is not a number; write it with a '.' and no grouping.");
    }

    private static RevenueBand revenueBand(Fields row) {
        String band = row.get("revenue_band");
        String revenue = row.get("annual_revenue_krw");
        if (band != null) {
            try {
                return RevenueBand.valueOf(band.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("revenue_band '" + clip(band, 20) + "' is not one of "
                        + Arrays.toString(RevenueBand.values()) + ".");
            }
        }
        check(revenue != null, "give the annual revenue in won (annual_revenue_krw) or its band (revenue_band).");
        check(
                revenue.matches("[0-9]{1,15}"),
                "annual_revenue_krw must be whole won in digits only, such as 850000000.");
        return RevenueBand.of(Money.krw(Long.parseLong(revenue)));
    }

    private static String status(Fields row) {
        String status = row.get("status");
        String upper = status == null ? "ACTIVE" : status.toUpperCase(Locale.ROOT);
        check(
                upper.equals("ACTIVE") || upper.equals("SUSPENDED") || upper.equals("CLOSED"),
                "status must be ACTIVE, SUSPENDED or CLOSED (blank means ACTIVE).");
        String reason = row.get("status_reason");
        check(
                upper.equals("ACTIVE") || (reason != null && reason.length() <= 200),
                "a " + upper + " merchant needs a status_reason of 1 to 200 characters, which its codes will show.");
        return upper;
    }

    private static SettlementAccount account(Fields row) {
        String bank = row.get("bank_code");
        String number = row.get("account_number");
        String holder = row.get("account_holder");
        if (bank == null && number == null && holder == null) {
            return null;
        }
        check(
                bank != null && number != null && holder != null,
                "bank_code, account_number and account_holder go together; give all three or none.");
        try {
            return new SettlementAccount(bank, number.replace("-", ""), holder);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("settlement account: " + e.getMessage() + ".");
        }
    }

    private static String required(Fields row, String column) {
        String value = row.get(column);
        check(value != null, column + " is blank; every merchant needs one.");
        return value;
    }

    private static void check(boolean condition, String reason) {
        if (!condition) {
            throw new IllegalArgumentException(reason);
        }
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
