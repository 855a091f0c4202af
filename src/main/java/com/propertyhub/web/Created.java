package com.propertyhub.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/** A {@code 201 Created} answer with the new resource's {@code Location} and the resource itself. */
public final class Created {
    private Created() {
    }

    public static Response at(UriInfo uri, Object id, Object body) {
        return at(uri.getAbsolutePathBuilder(), id, body);
    }

    public static Response at(UriBuilder collection, Object id, Object body) {
        return Response.created(collection.path(id.toString()).build()).entity(body).build();
    }
}
