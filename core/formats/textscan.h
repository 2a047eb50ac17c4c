// Character tests shared by the text readers (.qual, FASTQ, PHD).
#pragma once

namespace qc::text {

// Line ends are found with memchr, so '\n' never reaches these tests; '\r' of CRLF is plain space.
constexpr bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace qc::text
