package com.propertyhub.web;

import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/** A {@code 201 Created} answer with the new resource's {@code Location} and the resource itself. */
public final class Created {
    private Created() {
    }

    /**
     * The new resource under the request's own path, rebuilt from its decoded segments: matrix parameters
     * ({@code /api/customers;x=...}) and anything else the client added are not reflected into the header.
     */
    public static Response at(UriInfo uri, Object id, Object body) {
        UriBuilder collection = UriBuilder.fromUri(uri.getBaseUri());
        for (PathSegment segment : uri.getPathSegments()) {
            if (!segment.getPath().isEmpty()) {
                collection.segment(segment.getPath());
            }
        }
        return at(collection, id, body);
    }

    public static Response at(UriBuilder collection, Object id, Object body) {
        return Response.created(collection.path(id.toString()).build()).entity(body).build();
    }
}
