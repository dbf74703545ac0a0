package dev.jgrad.nn.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and writes the safetensors format, so that checkpoints move between jgrad and PyTorch (or
 * any other safetensors reader).
 *
 * <p>The layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON, an object
 * mapping each tensor's name to {@code {"dtype": "F32"|"F64", "shape": [...], "data_offsets":
 * [begin, end]}}, plus an optional {@code "__metadata__"} object of string to string; then the data,
 * each tensor's elements row-major and little-endian. Offsets are relative to the start of the data;
 * the tensors' byte ranges must tile the data exactly, with no gap and no overlap. Writers may pad the
 * header with trailing spaces (this one pads it to a multiple of 8 bytes, as the reference
 * implementation does).
 *
 * <p>{@link #save} is atomic: it writes a temporary file in the target's folder and renames it over
 * the target, so a crash never leaves a half-written checkpoint. {@link #read} validates everything
 * — lengths, JSON, names, dtypes, shapes, offsets — before returning, and refuses a truncated or
 * corrupted file with a {@link FileFormatException} that names the file and the problem. {@link
 * #load(Path, Module)} reads and validates the whole file first and then loads it with {@link
 * Module#loadStateDict}, so on any error the model is unchanged.
 *
 * <p>jgrad's {@code Linear} stores its weight as [in, out]; PyTorch's {@code nn.Linear} as [out, in].
 * Weights crossing over need a transpose (in PyTorch, {@code w.T.contiguous()}).
 *
 * <pre>{@code
 * Safetensors.save(Path.of("model.safetensors"), model);
 * Safetensors.load(Path.of("model.safetensors"), model);   // model unchanged if this throws
 * }</pre>
 */
public final class Safetensors {
  /** The largest header accepted, as in the reference implementation: larger means corrupted. */
  public static final long MAX_HEADER_BYTES = 100_000_000;

  /** The reserved header key of the string-to-string metadata. */
  public static final String METADATA_KEY = "__metadata__";

  private static final int LENGTH_BYTES = 8;
  private static final int ALIGNMENT = 8;
  private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("0|[1-9][0-9]*");
  private static final Set<String> OTHER_DTYPES = Set.of(
      "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "I64", "U64");

  private Safetensors() {}

  /**
   * What a safetensors file holds: tensors in file order (by offset) and the metadata.
   *
   * @param tensors the tensors by name, in file order
   * @param metadata the {@value #METADATA_KEY} entries, empty if the file has none
   */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  // ---- writing --------------------------------------------------------------------------------

  /**
   * Saves the module's {@link Module#stateDict() state dict}.
   *
   * @param file the file to write or replace
   * @param module the model whose parameters are saved
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   */
  public static void save(Path file, Module module) throws IOException {
    save(file, module.stateDict(), Map.of());
  }

  /**
   * Saves the module's state dict with string metadata (e.g. the epoch, the accuracy).
   *
   * @param file the file to write or replace
   * @param module the model whose parameters are saved
   * @param metadata strings stored under {@value #METADATA_KEY}
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   */
  public static void save(Path file, Module module, Map<String, String> metadata) throws IOException {
    save(file, module.stateDict(), metadata);
  }

  /** The prefix of the optimizer's entries in a checkpoint of a model and its optimizer. */
  public static final String OPTIMIZER_PREFIX = "optimizer.";

  /**
   * Saves a model and its optimizer's state (moments, momentum buffers, step counts, learning rate)
   * in one file, to resume training exactly: the model's entries under their own names, the
   * optimizer's under {@value #OPTIMIZER_PREFIX}.
   *
   * @param file the file to write or replace
   * @param module the model whose parameters are saved
   * @param optimizer the optimizer whose {@link Optimizer#stateDict() state} is saved
   * @param metadata strings stored under {@value #METADATA_KEY}
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   */
  public static void save(Path file, Module module, Optimizer optimizer, Map<String, String> metadata)
      throws IOException {
    checkNotNull(module, "Safetensors.save: module is null");
    checkNotNull(optimizer, "Safetensors.save: optimizer is null");
    Map<String, Tensor> all = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : module.stateDict().entrySet()) {
      checkArgument(!e.getKey().startsWith(OPTIMIZER_PREFIX),
          "Safetensors.save: the model's entry %s would clash with the optimizer's %s entries", e.getKey(),
          OPTIMIZER_PREFIX);
      all.put(e.getKey(), e.getValue());
    }
    optimizer.stateDict().forEach((k, v) -> all.put(OPTIMIZER_PREFIX + k, v));
    save(file, all, metadata);
  }

  /**
   * Saves tensors, in the map's order.
   *
   * @param file the file to write or replace
   * @param tensors the tensors by name; names must be non-empty and not {@value #METADATA_KEY}
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   */
  public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
    save(file, tensors, Map.of());
  }

  /**
   * Saves tensors (in the map's order) and metadata, atomically: the file is either replaced whole or
   * left as it was.
   *
   * @param file the file to write or replace
   * @param tensors the tensors by name; names must be non-empty and not {@value #METADATA_KEY}
   * @param metadata strings stored under {@value #METADATA_KEY}; empty for none
   * @throws IOException if the file cannot be written
   */
  public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    checkNotNull(file, "Safetensors.save: file is null");
    checkNotNull(tensors, "Safetensors.save: tensors is null");
    checkNotNull(metadata, "Safetensors.save: metadata is null");
    byte[] header = header(tensors, metadata);
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    // Not Files.createTempFile: its owner-only permissions would carry over to the checkpoint.
    String prefix = "." + target.getFileName() + ".";
    deleteStaleTemporaries(dir, prefix);
    Path temp = dir.resolve(prefix + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        // Held while writing: a later save deletes a temporary only when nobody holds its lock
        // (its writer was killed), never one that another save is still writing.
        out.lock();
        ByteBuffer length = ByteBuffer.allocate(LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        length.putLong(header.length).flip();
        writeFully(out, length);
        writeFully(out, ByteBuffer.wrap(header));
        for (Tensor t : tensors.values()) {
          writeFully(out, bytesOf(t));
        }
        out.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // The temporary's name means nothing to the caller: name the file they asked for.
      throw new IOException("Safetensors.save: could not write " + target + ": " + e, e);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static final String TEMP_SUFFIX = ".tmp";

  /**
   * Deletes what killed saves of the same target left behind: temporaries named like this save's
   * whose lock nobody holds. One in use (locked by a save running in this or another process) stays.
   */
  private static void deleteStaleTemporaries(Path dir, String prefix) {
    List<Path> candidates = new ArrayList<>();
    try (var entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)
            && name.length() == prefix.length() + 36 + TEMP_SUFFIX.length()) { // a UUID between them
          candidates.add(p);
        }
      }
    } catch (IOException e) {
      return; // an unreadable folder: the save itself will report it
    }
    for (Path p : candidates) {
      try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE)) {
        if (channel.tryLock() != null) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
        // being written by this JVM, gone already, or not ours to delete: leave it
      }
    }
  }

  /** The JSON header, padded with spaces to a multiple of 8 bytes. */
  static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonWriter json = new JsonWriter(text)) {
      json.setStrictness(Strictness.STRICT);
      json.setHtmlSafe(false);
      json.beginObject();
      if (!metadata.isEmpty()) {
        json.name(METADATA_KEY).beginObject();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          checkArgument(
              e.getKey() != null && e.getValue() != null, "Safetensors.save: metadata %s has a null key or value", e);
          json.name(e.getKey()).value(e.getValue());
        }
        json.endObject();
      }
      long offset = 0;
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        String name = e.getKey();
        Tensor t = e.getValue();
        checkArgument(name != null && !name.isEmpty(), "Safetensors.save: a tensor has an empty or null name");
        checkArgument(!name.equals(METADATA_KEY), "Safetensors.save: %s is reserved for the metadata", METADATA_KEY);
        checkNotNull(t, "Safetensors.save: tensor %s is null", name);
        long bytes = (long) t.size() * t.dtype().byteSize();
        json.name(name).beginObject();
        json.name("dtype").value(dtypeName(t.dtype()));
        json.name("shape").beginArray();
        for (int d : t.shape()) {
          json.value(d);
        }
        json.endArray();
        json.name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray();
        json.endObject();
        offset += bytes;
      }
      json.endObject();
    }
    byte[] raw = text.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (raw.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    byte[] header = Arrays.copyOf(raw, padded);
    Arrays.fill(header, raw.length, padded, (byte) ' ');
    return header;
  }

  private static ByteBuffer bytesOf(Tensor t) {
    ByteBuffer buffer = ByteBuffer.allocate(t.size() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    if (t.dtype() == DType.FLOAT32) {
      buffer.asFloatBuffer().put(t.toFloatArray());
    } else {
      buffer.asDoubleBuffer().put(t.toDoubleArray());
    }
    return buffer;
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  private static String dtypeName(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> "F32";
      case FLOAT64 -> "F64";
    };
  }

  // ---- reading --------------------------------------------------------------------------------

  /**
   * Reads the file into the module: every tensor of the module's state dict must be in the file with
   * its shape and dtype, and no other — except that a checkpoint's optimizer entries (those under
   * {@value #OPTIMIZER_PREFIX}, written by {@link #save(Path, Module, Optimizer, Map)}) are passed
   * over when the module has no entry of that name, so a model loads alone from a training
   * checkpoint. Nothing in the module changes unless everything is right.
   *
   * @param file the safetensors file to read
   * @param module the model whose parameters receive the file's tensors
   * @throws IOException if the file cannot be read
   * @throws FileFormatException if the file is truncated or corrupted
   * @throws IllegalArgumentException naming the file if its tensors do not fit the module
   */
  public static void load(Path file, Module module) throws IOException {
    checkNotNull(module, "Safetensors.load: module is null");
    Map<String, Tensor> state = new LinkedHashMap<>(read(file).tensors());
    Set<String> own = module.stateDict().keySet();
    state.keySet().removeIf(name -> name.startsWith(OPTIMIZER_PREFIX) && !own.contains(name));
    try {
      module.loadStateDict(state);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a checkpoint written by {@link #save(Path, Module, Optimizer, Map)} into the model and the
   * optimizer; if either does not fit, neither changes.
   *
   * @param file the checkpoint to read
   * @param module the model whose parameters receive the model's entries
   * @param optimizer the optimizer whose state receives the {@value #OPTIMIZER_PREFIX} entries
   * @throws IOException if the file cannot be read
   * @throws FileFormatException if the file is truncated or corrupted
   * @throws IllegalArgumentException naming the file if its tensors do not fit the model or the optimizer
   */
  public static void load(Path file, Module module, Optimizer optimizer) throws IOException {
    checkNotNull(module, "Safetensors.load: module is null");
    checkNotNull(optimizer, "Safetensors.load: optimizer is null");
    Map<String, Tensor> model = new LinkedHashMap<>();
    Map<String, Tensor> optim = new LinkedHashMap<>();
    read(file).tensors().forEach((k, v) -> {
      if (k.startsWith(OPTIMIZER_PREFIX)) {
        optim.put(k.substring(OPTIMIZER_PREFIX.length()), v);
      } else {
        model.put(k, v);
      }
    });
    Map<String, Tensor> before = module.stateDict();
    try {
      module.loadStateDict(model);
      try {
        optimizer.loadStateDict(optim);
      } catch (RuntimeException e) {
        module.loadStateDict(before); // leave the model as it was
        throw e;
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The tensors of the file, by name, in file order.
   *
   * @param file the safetensors file to read
   * @return an unmodifiable map from name to tensor
   * @throws IOException if the file cannot be read
   * @throws FileFormatException if the file is truncated or corrupted
   */
  public static Map<String, Tensor> load(Path file) throws IOException {
    return read(file).tensors();
  }

  /**
   * The tensors and metadata of the file, after validating all of it.
   *
   * @param file the safetensors file to read
   * @return the file's tensors, in file order, and its metadata, both unmodifiable
   * @throws IOException if the file cannot be read or is a directory
   * @throws FileFormatException if the file is truncated or corrupted
   */

  public static Contents read(Path file) throws IOException {
    checkNotNull(file, "Safetensors.read: file is null");
    if (Files.isDirectory(file)) {
      throw new java.nio.file.FileSystemException(file.toString(), null, "a directory, not a safetensors file");
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = in.size();
      if (fileSize < LENGTH_BYTES) {
        throw new FileFormatException(
            file, "truncated: " + fileSize + " bytes, too short for the 8-byte header length of a safetensors file");
      }
      ByteBuffer lengthBytes = readAt(in, file, 0, LENGTH_BYTES, "the header length");
      long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
        throw new FileFormatException(
            file,
            "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of " + MAX_HEADER_BYTES
                + " bytes: not a safetensors file, or a corrupted one");
      }
      if (LENGTH_BYTES + headerLength > fileSize) {
        throw new FileFormatException(
            file,
            "truncated: the header length says " + headerLength + " bytes of header, but only "
                + (fileSize - LENGTH_BYTES) + " bytes follow");
      }
      ByteBuffer headerBytes = readAt(in, file, LENGTH_BYTES, (int) headerLength, "the header");
      Header header = parseHeader(file, decodeUtf8(file, headerBytes));
      long dataStart = LENGTH_BYTES + headerLength;
      List<Entry> inDataOrder = checkLayout(file, header.entries, fileSize - dataStart);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : inDataOrder) {
        ByteBuffer data = readAt(in, file, dataStart + e.begin, (int) (e.end - e.begin), "tensor " + e.name);
        tensors.put(e.name, toTensor(e, data.order(ByteOrder.LITTLE_ENDIAN)));
      }
      return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(header.metadata));
    }
  }

  private static ByteBuffer readAt(FileChannel in, Path file, long position, int length, String what)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    long at = position;
    while (buffer.hasRemaining()) {
      int n = in.read(buffer, at);
      if (n < 0) {
        throw new FileFormatException(file, "truncated: the file ended while reading " + what);
      }
      at += n;
    }
    return buffer.flip();
  }

  private static String decodeUtf8(Path file, ByteBuffer bytes) throws FileFormatException {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new FileFormatException(file, "corrupted: the header is not valid UTF-8", e);
    }
  }

  /** One tensor's header entry. */
  private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

  private record Header(List<Entry> entries, Map<String, String> metadata) {}

  private static Header parseHeader(Path file, String text) throws FileFormatException {
    if (!text.startsWith("{")) {
      throw new FileFormatException(file, "corrupted: the header does not start with '{' (not a JSON object)");
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    try (JsonReader json = new JsonReader(new StringReader(text))) {
      json.setStrictness(Strictness.STRICT);
      json.beginObject();
      while (json.hasNext()) {
        String name = json.nextName();
        if (!names.add(name)) {
          throw new FileFormatException(file, "corrupted header: the name \"" + name + "\" appears twice");
        }
        if (name.equals(METADATA_KEY)) {
          readMetadata(file, json, metadata);
        } else {
          entries.add(readEntry(file, json, name));
        }
      }
      json.endObject();
      boolean end;
      try {
        end = json.peek() == JsonToken.END_DOCUMENT;
      } catch (IOException e) {
        end = false;
      }
      if (!end) {
        throw new FileFormatException(file, "corrupted header: data after the JSON object");
      }
    } catch (FileFormatException e) {
      throw e;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new FileFormatException(file, "corrupted header: invalid JSON, " + jsonProblem(e), e);
    }
    return new Header(entries, metadata);
  }

  /** Gson's message without its advice to parse leniently and its link. */
  private static String jsonProblem(Exception e) {
    String message = String.valueOf(e.getMessage());
    int see = message.indexOf("\nSee ");
    if (see >= 0) {
      message = message.substring(0, see);
    }
    return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON ", "").strip();
  }

  private static void readMetadata(Path file, JsonReader json, Map<String, String> metadata) throws IOException {
    if (json.peek() != JsonToken.BEGIN_OBJECT) {
      throw new FileFormatException(file, "corrupted header: " + METADATA_KEY + " is not an object");
    }
    json.beginObject();
    while (json.hasNext()) {
      String key = json.nextName();
      if (json.peek() != JsonToken.STRING) {
        throw new FileFormatException(
            file, "corrupted header: " + METADATA_KEY + " value of \"" + key + "\" is not a string");
      }
      if (metadata.put(key, json.nextString()) != null) {
        throw new FileFormatException(file, "corrupted header: metadata key \"" + key + "\" appears twice");
      }
    }
    json.endObject();
  }

  private static Entry readEntry(Path file, JsonReader json, String name) throws IOException {
    String where = "tensor \"" + name + "\"";
    if (json.peek() != JsonToken.BEGIN_OBJECT) {
      throw new FileFormatException(file, "corrupted header: " + where + " is not an object");
    }
    String dtypeName = null;
    long[] shape = null;
    long[] offsets = null;
    json.beginObject();
    while (json.hasNext()) {
      String field = json.nextName();
      switch (field) {
        case "dtype" -> {
          if (dtypeName != null || json.peek() != JsonToken.STRING) {
            throw new FileFormatException(file, "corrupted header: " + where + " has a repeated or non-string dtype");
          }
          dtypeName = json.nextString();
        }
        case "shape" -> {
          if (shape != null) {
            throw new FileFormatException(file, "corrupted header: " + where + " has two shapes");
          }
          shape = readIntegers(file, json, where + " shape");
        }
        case "data_offsets" -> {
          if (offsets != null) {
            throw new FileFormatException(file, "corrupted header: " + where + " has two data_offsets");
          }
          offsets = readIntegers(file, json, where + " data_offsets");
        }
        default -> throw new FileFormatException(
            file, "corrupted header: " + where + " has an unknown field \"" + field + "\"");
      }
    }
    json.endObject();
    if (dtypeName == null || shape == null || offsets == null) {
      throw new FileFormatException(
          file, "corrupted header: " + where + " needs dtype, shape and data_offsets");
    }
    DType dtype = switch (dtypeName) {
      case "F32" -> DType.FLOAT32;
      case "F64" -> DType.FLOAT64;
      default -> throw new FileFormatException(
          file,
          where + " has dtype " + dtypeName + (OTHER_DTYPES.contains(dtypeName)
              ? ", which jgrad does not support (it reads F32 and F64; convert the tensor before saving)"
              : ", which is not a safetensors dtype (corrupted header)"));
    };
    if (offsets.length != 2 || offsets[0] > offsets[1]) {
      throw new FileFormatException(
          file, "corrupted header: " + where + " data_offsets " + Arrays.toString(offsets) + " is not [begin, end]"
              + " with begin <= end");
    }
    int[] dims = new int[shape.length];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] > Integer.MAX_VALUE) {
        throw new FileFormatException(file, where + " shape " + Arrays.toString(shape) + " is too large to load");
      }
      dims[i] = (int) shape[i];
      count *= dims[i];
      if (count > Integer.MAX_VALUE) {
        throw new FileFormatException(file, where + " shape " + Arrays.toString(shape) + " is too large to load");
      }
    }
    long needed = count * dtype.byteSize();
    if (offsets[1] - offsets[0] != needed) {
      throw new FileFormatException(
          file,
          String.format(
              "corrupted header: %s data_offsets %s span %d bytes, but shape %s of %s needs %d",
              where, Arrays.toString(offsets), offsets[1] - offsets[0], Arrays.toString(dims), dtypeName, needed));
    }
    return new Entry(name, dtype, dims, offsets[0], offsets[1]);
  }

  /** An array of non-negative JSON integers (no sign, fraction or exponent). */
  private static long[] readIntegers(Path file, JsonReader json, String where) throws IOException {
    if (json.peek() != JsonToken.BEGIN_ARRAY) {
      throw new FileFormatException(file, "corrupted header: " + where + " is not an array");
    }
    List<Long> values = new ArrayList<>();
    json.beginArray();
    while (json.hasNext()) {
      if (json.peek() != JsonToken.NUMBER) {
        throw new FileFormatException(file, "corrupted header: " + where + " holds a non-number");
      }
      String literal = json.nextString();
      if (!NON_NEGATIVE_INTEGER.matcher(literal).matches() || literal.length() > 18) {
        throw new FileFormatException(
            file, "corrupted header: " + where + " holds " + literal + ", not a non-negative integer");
      }
      values.add(Long.parseLong(literal));
    }
    json.endArray();
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** The tensors' byte ranges must tile [0, dataLength) exactly; returns the entries in data order. */
  private static List<Entry> checkLayout(Path file, List<Entry> entries, long dataLength) throws FileFormatException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long at = 0;
    String previous = null;
    for (Entry e : sorted) {
      if (e.begin > at) {
        throw new FileFormatException(
            file,
            String.format(
                "corrupted header: a gap in the data: bytes [%d, %d) belong to no tensor (before \"%s\")",
                at, e.begin, e.name));
      }
      if (e.begin < at) {
        throw new FileFormatException(
            file,
            String.format(
                "corrupted header: tensors \"%s\" and \"%s\" overlap (at byte %d of the data)", previous, e.name, e.begin));
      }
      at = e.end;
      previous = e.name;
    }
    if (at > dataLength) {
      throw new FileFormatException(
          file, "truncated: the header describes " + at + " bytes of data, but the file holds " + dataLength);
    }
    if (at < dataLength) {
      throw new FileFormatException(
          file, "corrupted: " + (dataLength - at) + " bytes after the last tensor's data belong to no tensor");
    }
    return sorted;
  }

  private static Tensor toTensor(Entry e, ByteBuffer data) {
    int n = (int) ((e.end - e.begin) / e.dtype.byteSize());
    if (e.dtype == DType.FLOAT32) {
      float[] values = new float[n];
      data.asFloatBuffer().get(values);
      return Tensor.of(values).reshape(e.shape);
    }
    double[] values = new double[n];
    data.asDoubleBuffer().get(values);
    return Tensor.of(values).reshape(e.shape);
  }
}
