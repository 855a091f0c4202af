package com.propertyhub.web;

import java.util.List;

/** A list answer: {@code {"items":[...],"total":N,"limit":N,"offset":N}}. */
public record Page<T>(List<T> items, long total, int limit, int offset) {
}
