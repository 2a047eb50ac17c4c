// What a reader hands back: every read's qualities in one flat buffer, reused between files.
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <span>
#include <vector>

namespace qc {

struct ReadRecord
{
    QByteArray name;
    std::size_t offset = 0; // into ParsedReads::qualities
    std::size_t length = 0;
};

struct ParsedReads
{
    std::vector<std::uint8_t> qualities;
    std::vector<ReadRecord> reads;
    // Which reader read them: "qual", "fastq", "abi", "scf", "ztr", "exp" or "phd".
    const char *format = "";

    std::span<const std::uint8_t> qualitiesOf(const ReadRecord &read) const
    {
        return {qualities.data() + read.offset, read.length};
    }
    // Keeps the capacity, so reading many files allocates only while buffers grow.
    void clear()
    {
        qualities.clear();
        reads.clear();
        format = "";
    }
};

// Why a file was rejected. line is 1-based (0 when not line-oriented); offset is a byte offset
// (-1 when a line is given).
struct ReadError
{
    qint64 line = 0;
    qint64 offset = -1;
    QString message;
};

} // namespace qc
