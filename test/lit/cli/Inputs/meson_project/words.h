// Counts the distinct words of a text.
#pragma once
#include <string>
int CountDistinctWords(const std::string &text);
