package com.propertyhub.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Jersey's own refusals (unknown path, wrong method or content type, a role check) in the contract's shape. */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return ErrorResponses.of(500);
        }
        Response answer = ErrorResponses.of(status);
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            return Response.fromResponse(answer).header("Allow", e.getResponse().getHeaderString("Allow")).build();
        }
        return answer;
    }
}
