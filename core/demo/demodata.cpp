#include "demodata.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace qc {

namespace {

constexpr int kTreatments = 6;
constexpr int kReplicates = 2;
constexpr int kMaxQuality = 60;
constexpr int kQualPerLine = 25;
constexpr int kBasesPerLine = 60;
constexpr int kTrimThreshold = 20; // phred's trimming keeps the best-scoring run of q - 20

// splitmix64: tiny, well mixed, and pure integer arithmetic, so every platform and standard
// library produces the same stream (std:: distributions are implementation-defined).
class Random
{
public:
    explicit Random(std::uint64_t seed)
        : m_state(seed)
    {}

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    // Uniform in [0, n) by multiply-shift; its bias (below n / 2^32) is irrelevant here.
    int below(int n) { return int(((next() >> 32) * std::uint64_t(n)) >> 32); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }

    // Sum of three uniforms: a cheap, bell-shaped integer noise in [-6, 6].
    int bell() { return below(5) + below(5) + below(5) - 6; }

private:
    std::uint64_t m_state;
};

std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    return Random(a * 0x2545F4914F6CDD1Dull ^ b).next();
}

struct Folder
{
    int treatment = 1;
    QString name;
    std::uint64_t seed = 0;
};

struct Read
{
    std::vector<std::uint8_t> quality;
    int trimStart = 0;
    int trimLength = 0;
};

int clampQuality(int q)
{
    return std::clamp(q, 0, kMaxQuality);
}

// A failed reaction: a short read with no usable signal.
void makeFailedRead(Random &rng, std::vector<std::uint8_t> &q)
{
    const int length = rng.between(20, 150);
    const int level = rng.between(4, 9);
    q.resize(std::size_t(length));
    for (auto &v : q)
        v = std::uint8_t(std::clamp(level + rng.bell(), 0, 14));
}

// A good read: low start, a noisy plateau, then the decay of a long Sanger trace. The folder's
// plateau and decay point carry the treatment effect; each read scatters around them.
void makeGoodRead(Random &rng, int folderPlateau, int folderDecay, std::vector<std::uint8_t> &q)
{
    const int plateau = folderPlateau + rng.between(-2, 2);
    const int decayStart = std::max(500, folderDecay - rng.below(176));
    // The quality must reach its floor before the longest read (1100) ends.
    const int decaySpan = std::min(rng.between(120, 250), 1080 - decayStart);
    const int floorLevel = rng.between(5, 10);
    const int length = std::clamp(decayStart + decaySpan + rng.between(-40, 100), 600, 1100);
    const int startLevel = rng.between(6, 10);

    q.resize(std::size_t(length));
    int dipLeft = 0;
    int dipDepth = 0;
    for (int i = 0; i < length; ++i) {
        int level;
        if (i < 20) {
            level = startLevel + (40 - startLevel) * i / 20;
        } else if (i < 35) {
            level = 40 + (plateau - 40) * (i - 20) / 15;
        } else if (i < decayStart) {
            level = plateau;
        } else if (i < decayStart + decaySpan) {
            // Quadratic fall-off: steep at first, flattening into the floor, as peaks broaden.
            const int left = decayStart + decaySpan - i;
            level = floorLevel + (plateau - floorLevel) * left * left / (decaySpan * decaySpan);
        } else {
            level = floorLevel;
        }
        // Noise grows with the level, so the floor stays near 5-10 while the plateau scatters.
        int value = level + rng.bell() * (level + 20) / 70;
        // Occasional short dips (dye blobs, compressions) that real traces show.
        if (dipLeft == 0 && rng.below(120) == 0) {
            dipLeft = rng.between(1, 4);
            dipDepth = rng.between(8, 20);
        }
        if (dipLeft > 0) {
            value -= dipDepth;
            --dipLeft;
        }
        q[std::size_t(i)] = std::uint8_t(clampQuality(value));
    }
}

// Best-scoring run of (q - threshold), as phred's trimming does; an empty run gives 0 0.
void trim(Read &read)
{
    int best = 0, bestStart = 0, bestLength = 0;
    int sum = 0, start = 0;
    for (int i = 0; i < int(read.quality.size()); ++i) {
        if (sum <= 0) {
            sum = 0;
            start = i;
        }
        sum += int(read.quality[std::size_t(i)]) - kTrimThreshold;
        if (sum > best) {
            best = sum;
            bestStart = start;
            bestLength = i - start + 1;
        }
    }
    read.trimStart = bestStart;
    read.trimLength = bestLength;
}

QByteArray header(const QByteArray &name, const Read &read)
{
    return '>' + name + ' ' + QByteArray::number(qsizetype(read.quality.size())) + ' '
        + QByteArray::number(read.trimStart) + ' ' + QByteArray::number(read.trimLength) + " ABI\n";
}

QByteArray qualText(const QByteArray &head, const Read &read)
{
    const qsizetype n = qsizetype(read.quality.size());
    QByteArray out(head.size() + n * 3 + 1, Qt::Uninitialized);
    char *p = out.data();
    p = std::copy(head.begin(), head.end(), p);
    for (qsizetype i = 0; i < n; ++i) {
        const int v = read.quality[std::size_t(i)];
        if (v >= 10)
            *p++ = char('0' + v / 10);
        *p++ = char('0' + v % 10);
        *p++ = (i % kQualPerLine == kQualPerLine - 1 || i == n - 1) ? '\n' : ' ';
    }
    out.truncate(p - out.data());
    return out;
}

QByteArray seqText(const QByteArray &head, qsizetype length, Random &rng)
{
    static constexpr char kBases[] = {'A', 'C', 'G', 'T'};
    QByteArray out(head.size() + length + length / kBasesPerLine + 1, Qt::Uninitialized);
    char *p = std::copy(head.begin(), head.end(), out.data());
    std::uint64_t bits = 0;
    for (qsizetype i = 0; i < length; ++i) {
        if (i % 32 == 0)
            bits = rng.next(); // 32 bases from each 64-bit draw
        *p++ = kBases[bits & 3u];
        bits >>= 2;
        if (i % kBasesPerLine == kBasesPerLine - 1 || i == length - 1)
            *p++ = '\n';
    }
    out.truncate(p - out.data());
    return out;
}

std::optional<QString> writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    // Replace rather than truncate: ext4 pushes truncated-and-rewritten files to disk on close,
    // which made regenerating the large set several times slower. A failed removal shows in open().
    file.remove();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return QCoreApplication::translate("DemoData", "Cannot write %1: %2.").arg(path, file.errorString());
    }
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        return QCoreApplication::translate("DemoData", "Cannot write %1: %2.").arg(path, file.errorString());
    }
    return std::nullopt;
}

// Which reads of a folder fail: a fixed 3-5 % per folder, spread by a seeded shuffle.
std::vector<bool> failedReads(const Folder &folder, int reads)
{
    Random rng(mix(folder.seed, 0xFA11ull));
    const int percent = rng.between(3, 5);
    const int failed = reads * percent / 100;
    std::vector<int> order(static_cast<std::size_t>(reads));
    std::iota(order.begin(), order.end(), 0);
    // Fisher-Yates with our own generator, since std::shuffle's use of it is unspecified.
    for (int i = reads - 1; i > 0; --i)
        std::swap(order[std::size_t(i)], order[std::size_t(rng.below(i + 1))]);
    std::vector<bool> result(std::size_t(reads), false);
    for (int i = 0; i < failed; ++i)
        result[std::size_t(order[std::size_t(i)])] = true;
    return result;
}

std::optional<QString> writeFolder(const QDir &root, const Folder &folder, int reads)
{
    if (!root.mkpath(folder.name)) {
        return QCoreApplication::translate("DemoData", "Cannot create the folder %1.").arg(root.filePath(folder.name));
    }
    const QString folderPath = root.filePath(folder.name);

    // Replicates share the treatment's profile, nudged by a per-folder offset smaller than the
    // step between treatments, so treatment 1 is best and 6 worst in every replicate.
    Random folderRng(mix(folder.seed, 0xF01Dull));
    const int t = folder.treatment - 1;
    const int folderPlateau = 55 - 2 * t + folderRng.below(2);
    const int folderDecay = 900 - 45 * t + folderRng.between(-15, 15);

    const std::vector<bool> failed = failedReads(folder, reads);
    const int digits = std::max(3, int(QByteArray::number(reads).size()));
    const QByteArray prefix = folder.name.toLatin1() + "_read";
    Read read;
    for (int r = 0; r < reads; ++r) {
        Random rng(mix(folder.seed, std::uint64_t(r) + 1));
        if (failed[std::size_t(r)])
            makeFailedRead(rng, read.quality);
        else
            makeGoodRead(rng, folderPlateau, folderDecay, read.quality);
        trim(read);

        const QByteArray name = prefix + QByteArray::number(r + 1).rightJustified(digits, '0');
        const QByteArray head = header(name, read);
        const QString base = folderPath + u'/' + QString::fromLatin1(name);
        if (auto error = writeFile(base + QStringLiteral(".qual"), qualText(head, read)))
            return error;
        if (auto error = writeFile(base + QStringLiteral(".seq"), seqText(head, qsizetype(read.quality.size()), rng)))
            return error;
    }
    return std::nullopt;
}

} // namespace

std::optional<QString> writeDemoData(const QString &dir, const DemoOptions &options)
{
    if (options.readsPerFolder < 1) {
        return QCoreApplication::translate("DemoData", "The demo data needs at least one read per folder.");
    }
    QDir root(dir);
    if (!root.mkpath(QStringLiteral("."))) {
        return QCoreApplication::translate("DemoData", "Cannot create the folder %1.").arg(dir);
    }
    for (int t = 1; t <= kTreatments; ++t) {
        for (int r = 1; r <= kReplicates; ++r) {
            Folder folder;
            folder.treatment = t;
            folder.name = QStringLiteral("t%1_%2").arg(t).arg(r);
            folder.seed = mix(std::uint64_t(t), std::uint64_t(r));
            if (auto error = writeFolder(root, folder, options.readsPerFolder))
                return error;
        }
    }
    return std::nullopt;
}

} // namespace qc
