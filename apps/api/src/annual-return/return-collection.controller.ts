import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { AnnualReturns, ProviderRequestView, ReturnCollection } from '@waymark/annual-return';
import { startReturnCollectionSchema } from '@waymark/contracts';
import { AnnualReturnWorkflows } from '@waymark/temporal';
import { AnnualReturnState, annualReturnWorkflowId } from '@waymark/workflows';
import { AdminApi } from '../admin/caller';

class StartReturnCollectionDto extends createZodDto(startReturnCollectionSchema) {}

/**
 * The year's return workflow, by hand (each April's schedule starts it otherwise): providers asked for
 * their figures, chased, and the coordinator told when the draft is ready.
 */
@AdminApi('annual return')
@Controller('api/returns/:id/collection')
export class ReturnCollectionController {
  constructor(
    private readonly returns: AnnualReturns,
    private readonly collection: ReturnCollection,
    private readonly workflows: AnnualReturnWorkflows,
  ) {}

  /** Starts the return's workflow (once: a second call finds it running). */
  @Post()
  @HttpCode(201)
  @Owns('annualReturn', 'params', 'id')
  @ApiCreatedResponse({ description: 'The return workflow, started or already running' })
  async start(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: StartReturnCollectionDto,
  ) {
    const draft = await this.returns.draft(caller.partnershipId, id);
    if (Date.parse(body.respondBy) <= Date.now()) {
      const message = 'The deadline must be in the future';
      throw new UnprocessableEntityException({ message, errors: [{ field: 'respondBy', message }] });
    }
    const input = {
      partnershipId: caller.partnershipId,
      financialYear: draft.financialYear,
      respondBy: new Date(body.respondBy).toISOString(),
    };
    const started = await this.workflows.ensureStarted({ ...input, startedBy: caller.userId });
    return {
      workflowId: annualReturnWorkflowId(input.partnershipId, input.financialYear),
      started,
      ...input,
    };
  }

  /** Each provider asked, what they have given, and the workflow's state. */
  @Get()
  @Owns('annualReturn', 'params', 'id')
  @ApiOkResponse({
    description: "The providers' requests and the return workflow's state (null if not started)",
  })
  async state(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ requests: ProviderRequestView[]; workflow: AnnualReturnState | null }> {
    const requests = await this.collection.requests(caller.partnershipId, id);
    const draft = await this.returns.draft(caller.partnershipId, id);
    return { requests, workflow: await this.workflows.state(caller.partnershipId, draft.financialYear) };
  }
}
