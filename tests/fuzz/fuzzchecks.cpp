// The checks behind the fuzz targets. Nothing here knows about libFuzzer, so the replay test runs
// exactly what the fuzzers ran.
#include "fuzzchecks.h"

#include "formats/abireader.h"
#include "formats/fastqreader.h"
#include "formats/phdreader.h"
#include "formats/qualityfile.h"
#include "formats/qualreader.h"
#include "formats/tracereader.h"
#include "io/gzip.h"
#include "protocol/frame.h"
#include "protocol/messages.h"
#include "stats/positionhistogram.h"

#include <QBuffer>

#include <algorithm>

namespace qc::fuzz {

namespace {

Violation violation(const char *what)
{
    return QString::fromLatin1(what);
}

// Reads from index `firstRead` on must cover the values from `from` to the end, in order, with no
// gap and no overlap: otherwise qualitiesOf() hands out memory outside the buffer.
Violation checkTiling(const ParsedReads &parsed, std::size_t firstRead, std::size_t from)
{
    std::size_t next = from;
    for (std::size_t i = firstRead; i < parsed.reads.size(); ++i) {
        const ReadRecord &read = parsed.reads[i];
        if (read.offset != next || read.length > parsed.qualities.size() - read.offset)
            return violation("read offset or length outside the value buffer");
        next = read.offset + read.length;
    }
    if (next != parsed.qualities.size())
        return violation("values that belong to no read");
    return {};
}

bool sameRead(const ReadRecord &a, const ReadRecord &b, std::size_t shift)
{
    return a.name == b.name && a.offset + shift == b.offset && a.length == b.length;
}

bool sameHello(const HelloMessage &a, const HelloMessage &b)
{
    return a.magic == b.magic && a.version == b.version && a.pid == b.pid && a.host == b.host && a.secret == b.secret;
}

bool sameTask(const AnalysisTask &a, const AnalysisTask &b)
{
    return a.id == b.id && a.sample == b.sample && a.files == b.files;
}

bool sameResult(const TaskResult &a, const TaskResult &b)
{
    return a.taskId == b.taskId && a.sample == b.sample && a.histogram == b.histogram
        && a.clearHistogram == b.clearHistogram && a.readSummaries == b.readSummaries && a.files == b.files
        && a.reads == b.reads && a.bases == b.bases && a.errors == b.errors && a.engineId == b.engineId
        && a.pid == b.pid && a.host == b.host && a.startUs == b.startUs && a.endUs == b.endUs;
}

bool sameHeartbeat(const HeartbeatMessage &a, const HeartbeatMessage &b)
{
    return a.pid == b.pid && a.currentTask == b.currentTask && a.tasksDone == b.tasksDone;
}

// What one side decodes, the other side encodes: a message that changes on the way back would
// mean the controller and an engine disagree about it.
template<typename Message, typename Decode, typename Same>
bool survivesRoundTrip(const QCborMap &map, Decode decode, Same same)
{
    const std::optional<Message> message = decode(map);
    if (!message)
        return true;
    const std::optional<Message> again = decode(encode(*message));
    return again && same(*message, *again);
}

Violation checkMessage(const QCborMap &map)
{
    // Compared as bytes, not as maps: a NaN key or value never equals itself, and the first
    // encoding may legitimately normalise the sender's (a float NaN payload, a long integer form).
    QByteArray frame = encodeFrame(map);
    QBuffer device(&frame);
    device.open(QIODevice::ReadOnly);
    FrameReader reader;
    QCborMap again;
    if (reader.next(device, &again) != FrameReader::Status::Message || encodeFrame(again) != frame)
        return violation("a decoded message changes through encodeFrame and FrameReader");

    if (!survivesRoundTrip<HelloMessage>(map, decodeHello, sameHello))
        return violation("hello changes through encode and decodeHello");
    if (!survivesRoundTrip<AnalysisTask>(map, decodeTask, sameTask))
        return violation("task changes through encode and decodeTask");
    if (!survivesRoundTrip<TaskResult>(map, decodeResult, sameResult))
        return violation("result changes through encode and decodeResult");
    if (!survivesRoundTrip<HeartbeatMessage>(map, decodeHeartbeat, sameHeartbeat))
        return violation("heartbeat changes through encode and decodeHeartbeat");
    return {};
}

} // namespace

namespace {

using Parser = std::optional<ReadError> (*)(QByteArrayView, ParsedReads &);

// What every reader owes its caller: an error inside the file with a reason, or values that are
// qualities, reads that tile the buffer, and the same reads again when the file is appended.
// `compressed`: lines are counted in the decompressed text, so only their sign can be checked.
Violation checkReader(QByteArrayView input, Parser parse, bool compressed = false)
{
    ParsedReads parsed;
    if (const std::optional<ReadError> error = parse(input, parsed)) {
        const qint64 lines = 1 + std::count(input.begin(), input.end(), '\n');
        if (error->line < 0 || (!compressed && error->line > lines))
            return violation("error line outside the file");
        if (error->offset < -1 || error->offset > input.size())
            return violation("error offset outside the file");
        if (error->message.isEmpty())
            return violation("error without a message");
        return {};
    }
    if (std::any_of(parsed.qualities.begin(), parsed.qualities.end(), [](std::uint8_t q) { return q > kMaxQuality; }))
        return violation("quality above 100 accepted");
    if (Violation broken = checkTiling(parsed, 0, 0))
        return broken;

    // A task reads a folder's files into one ParsedReads; the second file must land after the
    // first without disturbing it, and read the same as on its own.
    const ParsedReads first = parsed;
    const std::size_t reads = first.reads.size();
    const std::size_t values = first.qualities.size();
    if (parse(input, parsed))
        return violation("the same input is rejected when appended");
    if (parsed.reads.size() != 2 * reads || parsed.qualities.size() != 2 * values)
        return violation("appending the same input reads a different number of reads or values");
    if (Violation broken = checkTiling(parsed, reads, values))
        return broken;
    for (std::size_t i = 0; i < reads; ++i) {
        if (!sameRead(first.reads[i], parsed.reads[i], 0) || !sameRead(first.reads[i], parsed.reads[reads + i], values))
            return violation("appending the same input reads different reads");
    }
    const auto copy = parsed.qualities.begin() + std::ptrdiff_t(values);
    if (!std::equal(first.qualities.begin(), first.qualities.end(), parsed.qualities.begin())
        || !std::equal(first.qualities.begin(), first.qualities.end(), copy))
        return violation("appending the same input reads different values");
    return {};
}

} // namespace

Violation checkQual(QByteArrayView input)
{
    return checkReader(input, parseQual);
}

Violation checkFastq(QByteArrayView input)
{
    return checkReader(input, parseFastq);
}

Violation checkAbi(QByteArrayView input)
{
    return checkReader(input, parseAbi);
}

Violation checkTrace(QByteArrayView input)
{
    return checkReader(input, parseTrace);
}

Violation checkPhd(QByteArrayView input)
{
    return checkReader(input, parsePhd);
}

Violation checkAnyFormat(QByteArrayView input)
{
    return checkReader(input, parseReadData, isGzip(input));
}

Violation checkFrames(QByteArrayView input)
{
    if (input.isEmpty())
        return {};
    const qsizetype chunk = 1 + qsizetype(std::uint8_t(input[0]));
    const QByteArrayView stream = input.sliced(1);
    FrameReader reader;
    for (qsizetype at = 0; at < stream.size(); at += chunk) {
        QByteArray piece = stream.sliced(at, std::min(chunk, stream.size() - at)).toByteArray();
        QBuffer device(&piece);
        device.open(QIODevice::ReadOnly);
        for (;;) {
            QCborMap message;
            const FrameReader::Status status = reader.next(device, &message);
            if (status == FrameReader::Status::NeedMore)
                break;
            if (status == FrameReader::Status::Error) {
                if (reader.errorString().isEmpty())
                    return violation("a frame error without a reason");
                // The stream cannot be resynchronised, so the reader must stay failed.
                QBuffer more;
                more.open(QIODevice::ReadOnly);
                if (reader.next(more, &message) != FrameReader::Status::Error)
                    return violation("the frame reader went on after an error");
                return {};
            }
            if (Violation broken = checkMessage(message))
                return broken;
        }
        if (device.bytesAvailable() > 0)
            return violation("the frame reader asked for more with bytes still unread");
    }
    return {};
}

Violation checkHistogram(QByteArrayView input)
{
    const std::optional<PositionHistogram> histogram = PositionHistogram::fromPacked(input);
    if (!histogram)
        return {};
    const QByteArray packed = histogram->toPacked();
    const std::optional<PositionHistogram> again = PositionHistogram::fromPacked(packed);
    if (!again)
        return violation("fromPacked rejects what toPacked wrote");
    if (*again != *histogram)
        return violation("a histogram changes through toPacked and fromPacked");
    return {};
}

} // namespace qc::fuzz
